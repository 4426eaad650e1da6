/**
 * Provenance of a list (duty list, village list): the ONE rule that decides whether a record may
 * be `official`, `repost` or `illustrative`. Pure, so that the data check, the importer and the
 * worker's hand-in form all ask the same function.
 *
 * - `official`: the source is the issuer's own publication: a URL on a government host
 *   (`*.gov.cn`, or a host listed in data/official-domains.yaml), or a document number together
 *   with its issuer. A repost never makes a record official: a mirror never supports a fact on
 *   its own.
 * - `repost`: transcribed from a copy on a site that is not the issuer's; the source says
 *   `repost` and names the original publisher where known (shown as «转载（原发布者：…）»).
 * - `illustrative`: an example made for demonstration, with a `note`; every page says so.
 */
import { z } from "zod";
import type { Source } from "./common.ts";

export const PROVENANCE_STATUSES = ["official", "repost", "illustrative"] as const;
export const ProvenanceStatus = z.enum(PROVENANCE_STATUSES);
export type ProvenanceStatus = z.infer<typeof ProvenanceStatus>;

/** A hostname, lower case, without a scheme or a path ("12371.cn"). */
const Host = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, { message: "e.host" });

/** data/official-domains.yaml: official hosts that do not end in `.gov.cn`, each with who runs it. */
export const OfficialDomains = z
  .object({
    domains: z.array(z.object({ host: Host, operator: z.string().trim().min(1), note: z.string().min(1).optional() }).strict()).default([]),
  })
  .strict();
export type OfficialDomains = z.infer<typeof OfficialDomains>;

/**
 * Judges a host: the caller's list of extra official hosts (data/official-domains.yaml), or
 * `"unchecked"` where the list is not at hand (the zod schemas: the data check judges hosts).
 */
export type OfficialHosts = readonly string[] | "unchecked";

/** Whether `url` is on a government host: `*.gov.cn`, `gov.cn`, or a listed host or one of its subdomains. */
export function isOfficialUrl(url: string, hosts: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === "gov.cn" || host.endsWith(".gov.cn") || hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/** What makes a source official: its host, or its document number with the record's issuer; undefined when nothing does. */
export function officialBasis(record: { issuer?: string; source?: Source }, hosts: OfficialHosts): "host" | "document_number" | undefined {
  const { source, issuer } = record;
  if (!source || source.repost) return undefined;
  if (source.url && (hosts === "unchecked" || isOfficialUrl(source.url, hosts))) return "host";
  if (source.documentNumber && issuer && issuer !== "unknown") return "document_number";
  return undefined;
}

export interface ProvenanceRecord {
  status: ProvenanceStatus;
  issuer?: string;
  source?: Source;
  note?: string;
}

/**
 * The provenance problem of a record, as a message code (`e.*`) and the field it belongs to, or
 * undefined when its status is justified.
 */
export function provenanceProblem(record: ProvenanceRecord, hosts: OfficialHosts): { path: "source" | "note"; code: string } | undefined {
  switch (record.status) {
    case "official":
      if (!record.source) return { path: "source", code: "e.official_needs_source" };
      if (record.source.repost) return { path: "source", code: "e.official_not_repost" };
      return officialBasis(record, hosts)
        ? undefined
        : { path: "source", code: hosts === "unchecked" ? "e.official_needs_source" : "e.official_needs_official_source" };
    case "repost":
      return record.source?.repost ? undefined : { path: "source", code: "e.repost_needs_repost_source" };
    case "illustrative":
      return record.note ? undefined : { path: "note", code: "e.illustrative_needs_note" };
  }
}
