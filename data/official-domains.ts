/**
 * The extra official hosts of data/official-domains.yaml (Node only: the data check, the
 * importer). The rule itself is data/schema/provenance.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { OfficialDomains } from "./schema/provenance.ts";
import { DATA_DIR } from "./divisions.ts";

/** Hosts listed in `<dataDir>/official-domains.yaml` (none when the file is absent); throws on an invalid file. */
export function loadOfficialHosts(dataDir: string = DATA_DIR): string[] {
  const file = join(dataDir, "official-domains.yaml");
  if (!existsSync(file)) return [];
  return OfficialDomains.parse(parseYaml(readFileSync(file, "utf8")) ?? {}).domains.map((d) => d.host);
}
