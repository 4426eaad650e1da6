/**
 * Reach on the report form (issue 10 item 2): the no-JS form shows it in two slots, above the
 * fields and beside the submit button, once the township is known (per level; exact after a
 * re-render with level and category); `GET /api/reach` answers the island live.
 */
import { ImposerLevel, ReportCategory } from "../../../data/schema/report-category.ts";
import { t, type Lang } from "../../../site/i18n/index.ts";
import { label } from "../../../site/i18n/labels.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";
import { factory } from "../../env.ts";
import { AppError } from "../../lib/errors.ts";
import type { Reach, RoutingChannel } from "../../domain/routing.ts";
import { reachByLevelOf, reachOf } from "../../services/reach.ts";
import type { SlotFill } from "../../../site/lib/form-slots.ts";
import { htmlText } from "../../ui/shell.ts";

// Names as D1 stores them: a demo body's already ends in «（演示）» (worker/db/body-sql.ts storedBodyName), swapped for the page's marker.
const bodiesOf = (lang: Lang, reach: Reach) => reach.receivers.map((b) => shownBodyName(lang, b.name)).join(t(lang, "report.notice.list_separator"));

/** One sentence, as text: the bodies it will reach, or that it reaches none and where to go instead. Never «会送达» for none. */
function reachSentence(lang: Lang, reach: Reach): string {
  if (reach.receivers.length > 0) return t(lang, "report.reach.exact", { bodies: bodiesOf(lang, reach) });
  if (!reach.channel) return t(lang, "report.reach.none_no_channel");
  return t(lang, "report.reach.none", { channel: reach.channel.name });
}

/** The sentence on the form: the channel, where it has a web address, a link. */
function ReachSentence({ lang, reach }: { lang: Lang; reach: Reach }) {
  const channel: RoutingChannel | undefined = reach.channel ?? undefined;
  if (reach.receivers.length > 0 || !channel?.url) return <>{reachSentence(lang, reach)}</>;
  const [before, after] = t(lang, "report.reach.none", { channel: "\u0000" }).split("\u0000");
  return (
    <>
      {before ?? ""}
      <a href={channel.url} rel="noopener">
        {channel.name}
      </a>
      {after ?? ""}
    </>
  );
}

/** The exact reach (level and category known). */
const ExactReach = ({ lang, reach }: { lang: Lang; reach: Reach }) => (
  <p data-reach-state={reach.receivers.length > 0 ? "bodies" : "none"}>
    <ReachSentence lang={lang} reach={reach} />
  </p>
);

/** The reach per level of the imposing body (only the township known yet). */
function ReachByLevel({ lang, rows }: { lang: Lang; rows: { level: ImposerLevel; reach: Reach }[] }) {
  return (
    <>
      <p>{t(lang, "report.reach.by_level")}</p>
      <ul class="reach-list">
        {rows.map(({ level, reach }) => (
          <li data-level={level} data-reach={reach.receivers.length > 0 ? "bodies" : "none"}>
            <strong>{t(lang, "portal.reach.level", { level: label(lang, "level", level) })}</strong>
            {reach.receivers.length > 0
              ? t(lang, "portal.reach.receivers", { bodies: bodiesOf(lang, reach) })
              : reach.channel
                ? t(lang, "portal.reach.none", { channel: reach.channel.name })
                : t(lang, "portal.reach.none_no_channel")}
          </li>
        ))}
      </ul>
      {rows.some((r) => r.reach.variesByCategory) && <p class="hint">{t(lang, "portal.reach.varies")}</p>}
    </>
  );
}

/** The two slots' HTML for a form page: exact when level and category are known, else per level. */
export async function reachSlots(env: Parameters<typeof reachOf>[0], lang: Lang, township: string, values: Record<string, string>): Promise<SlotFill> {
  const level = ImposerLevel.safeParse(values.imposerLevel);
  const category = ReportCategory.safeParse(values.category);
  const html = await htmlText(
    <>
      <h2>{t(lang, "report.reach.heading")}</h2>
      {level.success && category.success ? (
        <ExactReach
          lang={lang}
          reach={await reachOf(env, { township, imposerLevel: level.data, category: category.data, imposerBody: values.imposerName || undefined })}
        />
      ) : (
        <ReachByLevel lang={lang} rows={await reachByLevelOf(env, township)} />
      )}
    </>,
  );
  return { reach: html, "reach-submit": html };
}

/**
 * GET /api/reach?township=&level=&category=&imposer= → who the report would reach (public: it
 * names only bodies and channels, stores nothing).
 */
export const reachApi = factory.createApp();
reachApi.get("/api/reach", async (c) => {
  const lang = c.get("lang");
  const township = c.req.query("township") ?? "";
  const level = ImposerLevel.safeParse(c.req.query("level") ?? "");
  const categoryRaw = c.req.query("category");
  const category = categoryRaw ? ReportCategory.safeParse(categoryRaw) : null;
  const fields = [
    ...(/^\d{9}$/.test(township) ? [] : [{ path: "township", code: "report.e.invalid" }]),
    ...(level.success ? [] : [{ path: "level", code: "report.e.invalid" }]),
    ...(category && !category.success ? [{ path: "category", code: "report.e.invalid" }] : []),
  ];
  if (fields.length || !level.success) throw new AppError("validation_failed", { fields });
  const imposer = (c.req.query("imposer") ?? "").slice(0, 100) || undefined;
  const reach = await reachOf(c.env, { township, imposerLevel: level.data, category: category?.success ? category.data : undefined, imposerBody: imposer });
  c.header("cache-control", "no-store");
  return c.json({
    reachesNone: reach.receivers.length === 0,
    receivers: reach.receivers.map((b) => ({ id: b.id, name: b.name, demo: b.demo === true })),
    channel: reach.channel ? { id: reach.channel.id, name: reach.channel.name, url: reach.channel.url ?? null } : null,
    variesByCategory: reach.variesByCategory,
    sentence: reachSentence(lang, reach),
  });
});
