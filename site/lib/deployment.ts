/**
 * This instance's operator and contacts (data/deployment.yaml), read once per build. A placeholder
 * contact is demo content: the local demo shows it marked as a placeholder, a deploy build
 * (`QINGDAN_DEPLOY=1`, data/demo-content.ts) leaves it out, so no published page invites readers
 * to write to an address that reaches nobody.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isDeployBuild } from "../../data/demo-content.ts";
import { Deployment, type DeploymentContact } from "../../data/schema/index.ts";

let cache: Deployment | undefined;

export function deployment(): Deployment {
  return (cache ??= Deployment.parse(parse(readFileSync(join(process.cwd(), "data/deployment.yaml"), "utf8"))));
}

/** The contact a page may print, or undefined where this build must not print it. */
export function publishedContact(which: "contact" | "privacyContact" = "contact"): DeploymentContact | undefined {
  const contact = deployment()[which];
  return contact.placeholder && isDeployBuild() ? undefined : contact;
}
