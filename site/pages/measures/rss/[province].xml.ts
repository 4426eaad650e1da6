/** RSS 2.0 feed per province: national measures and those of the province and areas inside it. */
import rss from "@astrojs/rss";
import type { APIContext, GetStaticPaths } from "astro";
import { t } from "../../../i18n/index.ts";
import { divisions, selectedProvinces } from "../../../lib/divisions.ts";
import { feedItems, measuresOfArea } from "../../../lib/measures.ts";
import { portalData } from "../../../lib/portal-data.ts";

export const getStaticPaths = (() => selectedProvinces().map((p) => ({ params: { province: p.code } }))) satisfies GetStaticPaths;

export async function GET(context: APIContext) {
  const code = context.params.province!;
  const name = divisions().get(code)!.name;
  return rss({
    title: t("zh-CN", "portal.feed.province_title", { area: name }),
    description: t("zh-CN", "portal.feed.description"),
    site: context.site!,
    items: feedItems(measuresOfArea(await portalData(), code)),
    customData: "<language>zh-cn</language>",
  });
}
