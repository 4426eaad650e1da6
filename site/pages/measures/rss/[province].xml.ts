/** RSS 2.0 feed per province: national measures and those of the province and areas inside it. */
import type { APIContext, GetStaticPaths } from "astro";
import { t } from "../../../i18n/index.ts";
import { divisions, selectedProvinces } from "../../../lib/divisions.ts";
import { measureFeed, measuresOfArea, provinceFeedPath } from "../../../lib/measures.ts";
import { portalData } from "../../../lib/portal-data.ts";

export const getStaticPaths = (() => selectedProvinces().map((p) => ({ params: { province: p.code } }))) satisfies GetStaticPaths;

export async function GET(context: APIContext) {
  const code = context.params.province!;
  return measureFeed({
    site: context.site!,
    path: provinceFeedPath(code),
    title: t("zh-CN", "portal.feed.province_title", { area: divisions().get(code)!.name }),
    measures: measuresOfArea(await portalData(), code),
  });
}
