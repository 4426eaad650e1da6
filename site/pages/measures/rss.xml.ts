/** RSS 2.0 feed of every reduction measure, newest first. */
import type { APIContext } from "astro";
import { t } from "../../i18n/index.ts";
import { ALL_FEED_PATH, measureFeed } from "../../lib/measures.ts";
import { portalData } from "../../lib/portal-data.ts";

export async function GET(context: APIContext) {
  return measureFeed({ site: context.site!, path: ALL_FEED_PATH, title: t("zh-CN", "portal.feed.all"), measures: (await portalData()).measures });
}
