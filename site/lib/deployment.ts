/**
 * This instance's operator and contacts (data/deployment.yaml, or the file `QINGDAN_DEPLOYMENT`
 * names), read once per build. The local demo's file is all placeholders: its pages say
 * «本地演示实例，未部署» and mark the placeholder addresses; a deploy build (`QINGDAN_DEPLOY=1`)
 * refuses to start while any field is unfilled (scripts/build.ts), so no published page names a
 * stand-in operator or invites readers to write to an address that reaches nobody.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isDeployBuild } from "../../data/demo-content.ts";
import { Deployment, unfilledDeploymentFields, type DeploymentContact } from "../../data/schema/index.ts";
import { translator, type Lang } from "../i18n/index.ts";

let cache: Deployment | undefined;

/** `QINGDAN_DEPLOYMENT`, else data/deployment.yaml of the project (or of `QINGDAN_ROOT`, data/divisions.ts). */
export const deploymentPath = (env: Record<string, string | undefined> = process.env) =>
  env.QINGDAN_DEPLOYMENT || join(env.QINGDAN_ROOT ?? process.cwd(), "data/deployment.yaml");

export function readDeployment(path = deploymentPath()): Deployment {
  return Deployment.parse(parse(readFileSync(path, "utf8")));
}

export function deployment(): Deployment {
  return (cache ??= readDeployment());
}

/** True for the repository's local demo file (any field unfilled): pages say so. */
export const isDemoDeployment = () => unfilledDeploymentFields(deployment()).length > 0;

/** The contact a page may print, or undefined where this build must not print it. */
export function publishedContact(which: "contact" | "privacyContact" = "contact"): DeploymentContact | undefined {
  const contact = deployment()[which];
  return contact.placeholder && isDeployBuild() ? undefined : contact;
}

/**
 * The operator and host as a page in `lang` shows them: a demo stand-in (an unfilled field, in
 * Chinese in the file) is said in the page's words from the catalogue; a real name is shown as
 * written, being a name.
 */
export function shownDeployment(lang: Lang): { operator: string; hosting: string } {
  const d = deployment();
  const unfilled = unfilledDeploymentFields(d);
  const t = translator(lang);
  return {
    operator: unfilled.includes("operator") ? t("about.demo") : d.operator,
    hosting: unfilled.includes("hosting") ? t("about.demo.hosting") : d.hosting,
  };
}
