/**
 * Contributions (issue 12), the pure rules: the contribution code is a receipt code
 * (worker/domain/receipt.ts: 100 bits, Crockford groups) stored only as a keyed hash under its
 * own purpose, so a contribution code never opens a report and a receipt code never opens a
 * contribution. Days only; nothing about the sender is stored.
 */
import { isOfficialUrl } from "../../data/schema/provenance.ts";
import { hashSecret, type ReceiptKeys } from "./receipt.ts";

/** Files are deleted this many days after the outcome (已收录 or 未收录). */
export const FILE_RETENTION_DAYS = 90;

export const contributionCodeHash = (keys: ReceiptKeys, normalised: string) => `v${keys.current}:${hashSecret(keys, "contribution", normalised)}`;

/** Whether a URL is on a government host: the provenance rule (data/schema/provenance.ts) with the build's extra hosts. */
export const governmentHost = (url: string, officialHosts: readonly string[]) => isOfficialUrl(url, officialHosts);

/** One entry of /data/list-sources.json (site/pages/data/list-sources.json.ts). */
export interface PublishedSource {
  township: string;
  url: string;
  path: string;
}

/** Same address up to the scheme, a trailing slash and case of the host: what an editor may tidy. */
const sameSource = (a: string, b: string) => {
  const key = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/$/, "")}${url.search}`;
    } catch {
      return u;
    }
  };
  return key(a) === key(b);
};

/**
 * The published list a contribution led to: a list of one of its townships (any of the county's
 * for a whole-county file) whose source is the contribution's URL; undefined while none is deployed.
 */
export function publishedFor(
  c: { url: string; countyCode: string; townships: string; wholeCounty: number },
  sources: PublishedSource[],
): PublishedSource | undefined {
  const townships = new Set(JSON.parse(c.townships) as string[]);
  return sources.find((s) => sameSource(s.url, c.url) && (c.wholeCounty ? s.township.startsWith(c.countyCode) : townships.has(s.township)));
}
