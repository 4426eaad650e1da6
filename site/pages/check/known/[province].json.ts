/**
 * /check/known/<pp>.json: what is known about a province's townships without a list (measures,
 * reported figures, village lists, channels), for the check tool; see site/lib/check-known.ts.
 */
import type { APIContext, GetStaticPaths } from "astro";
import { selectedProvinces } from "../../../lib/divisions.ts";
import { portalData, type PortalData } from "../../../lib/portal-data.ts";
import type { KnownData } from "../../../lib/check-known.ts";
import { formatDate } from "../../../lib/format.ts";

export const getStaticPaths = (() => selectedProvinces().map((p) => ({ params: { province: p.code } }))) satisfies GetStaticPaths;

export async function GET({ params }: APIContext) {
  const body = knownData(await portalData(), params.province!);
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json; charset=utf-8" } });
}

/** A province's file: every record about the country as a whole or about somewhere in the province. */
function knownData(data: PortalData, province: string): KnownData {
  const here = (area: string) => area === "CN" || area.startsWith(province);
  return {
    format: "qingdan-known/1",
    figures: data.figures
      .filter((f) => here(f.area))
      .map((f) => ({
        id: f.id,
        area: f.area,
        subject: f.subject,
        townships: f.townships,
        aggregate: f.aggregate,
        summary: f.summary,
        figures: f.figures.map(({ label, value, unit }) => ({ label, value, unit })),
        source: {
          publisher: f.source.publisher,
          title: f.source.title,
          url: f.source.url,
          repostOf: f.source.repost ? (f.source.repost.originalPublisher ?? null) : undefined,
        },
      })),
    measures: data.measures
      .filter((m) => m.data.areas.some(here))
      .map(({ id, data: m }) => ({
        id,
        title: m.title,
        issuer: m.issuer,
        date: formatDate(m.date),
        areas: m.areas,
        categories: m.categories,
        illustrative: m.status === "illustrative",
      })),
    villageLists: data.villageLists
      .filter((v) => here(v.area))
      .map((v) => ({ id: v.id, title: v.title, version: v.version, area: v.area, issuer: v.issuer, illustrative: v.status === "illustrative" })),
    channels: data.channels
      .filter((c) => c.areas.some(here))
      .map(({ id, kind, name, operator, areas, url, phone, howTo, scope }) => ({ id, kind, name, operator, areas, url, phone, howTo, scope })),
  };
}
