/** RSS 2.0 feed of every reduction measure, newest first. */
import rss from "@astrojs/rss";
import type { APIContext } from "astro";
import { t } from "../../i18n/index.ts";
import { feedItems } from "../../lib/measures.ts";
import { portalData } from "../../lib/portal-data.ts";

export async function GET(context: APIContext) {
  return rss({
    title: t("zh-CN", "portal.feed.all"),
    description: t("zh-CN", "portal.feed.description"),
    site: context.site!,
    items: feedItems((await portalData()).measures),
    customData: "<language>zh-cn</language>",
  });
}
