/**
 * The hand-off of a report that reached no body (issue 10 item 3): a ready Chinese text the
 * reporter pastes into the official channel serving the area, in the order such channels ask for
 * (问题发生地, 加压单位及级别, 问题类别, 具体情况, 开始时间, 每月耗时, 证据说明). Pure: the caller
 * passes the report's fields and place. The platform never sends it anywhere itself.
 */
import type { Source } from "../../data/schema/common.ts";
import { t, type Lang } from "../../site/i18n/index.ts";
import { label } from "../../site/i18n/labels.ts";

export interface HandoffReport {
  /** The place, every level written out («湖南省 郴州市 桂东县 沤江镇»). */
  place: string;
  imposerName: string;
  imposerLevel: string;
  category: string;
  title: string;
  description: string;
  sinceMonth: string | null;
  hoursPerMonth: number | null;
  evidenceCount: number;
}

/** An official channel's own record, as the hand-off copies it (data/channels/*.yaml via D1). */
export interface HandoffChannel {
  id: string;
  name: string;
  operator: string | null;
  howTo: string | null;
  url: string | null;
  phone: string | null;
  source: Source | null;
  publicMailbox: { address: string; source: Source } | null;
}

/** Reached no body: no joined body holds the report. */
export const reachedNoBody = (decisions: readonly { joined: boolean }[]): boolean => !decisions.some((d) => d.joined);

/** A month «2025年3月» (never a day: what the reporter tells about when). */
export const monthLabel = (lang: Lang, m: string | null) =>
  m ? t(lang, "report.handoff.month", { year: m.slice(0, 4), month: String(Number(m.slice(5, 7))) }) : t(lang, "report.handoff.not_given");

/** The ready text, one field a line, in the channels' order. */
export function handoffText(lang: Lang, r: HandoffReport): string {
  const line = (key: string, value: string) => `${t(lang, `report.handoff.field.${key}`)}：${value}`;
  return [
    line("place", r.place),
    line("imposer", `${r.imposerName}（${label(lang, "level", r.imposerLevel)}）`),
    line("category", label(lang, "category", r.category)),
    line("details", `${r.title}\n${r.description}`),
    line("since", monthLabel(lang, r.sinceMonth)),
    line("hours", r.hoursPerMonth === null ? t(lang, "report.handoff.not_given") : t(lang, "report.handoff.hours", { hours: r.hoursPerMonth })),
    line("evidence", r.evidenceCount > 0 ? t(lang, "report.handoff.evidence_kept", { count: r.evidenceCount }) : t(lang, "report.handoff.evidence_none")),
  ].join("\n");
}

/** A source in one line: publisher, title, date and address («来源：…»). */
export const sourceLine = (s: Source): string =>
  [s.publisher, s.title ? `《${s.title}》` : null, s.date !== "unknown" ? s.date : null, s.url ?? null].filter(Boolean).join(" ");

/** A report that reached no body: the ready text for the official channel and that channel's own steps. */
export interface HandoffView {
  text: string;
  channel: HandoffChannel | null;
}
