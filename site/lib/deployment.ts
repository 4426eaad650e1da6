/**
 * This instance's operator and contacts (data/deployment.yaml), read once per build. A deploy
 * build (`QINGDAN_DEPLOY=1`) fails on a placeholder contact, so no page can invite readers to
 * write to an address that reaches nobody.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { Deployment, placeholderContacts } from "../../data/schema/index.ts";

let cache: Deployment | undefined;

export function deployment(): Deployment {
  if (cache) return cache;
  const d = Deployment.parse(parse(readFileSync(join(process.cwd(), "data/deployment.yaml"), "utf8")));
  const placeholders = placeholderContacts(d);
  if (process.env.QINGDAN_DEPLOY === "1" && placeholders.length > 0) {
    throw new Error(`data/deployment.yaml: ${placeholders.join(", ")} is a placeholder; a deploy build needs the operator's real address`);
  }
  return (cache = d);
}
