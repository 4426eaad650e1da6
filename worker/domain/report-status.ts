/**
 * The states of a burden report (DOMAIN.md "Report lifecycle"). The triage status and the
 * delivery state are separate: a report can be `routed` while a webhook is still `pending`.
 * Transitions, who may make them and what each requires live in worker/domain/lifecycle.ts.
 * migrations/0002_reports.sql mirrors these lists in CHECK constraints; a test keeps them equal.
 */
export const REPORT_STATUSES = [
  "received",
  "screening",
  "routed",
  "accepted",
  "transferred",
  "out_of_scope",
  "investigating",
  "substantiated",
  "partly_substantiated",
  "unsubstantiated",
  "remedy_pending",
  "remedied",
  "closed",
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Outcome codes stay distinct; `closed` is a status, never an outcome, and never counts as resolved. */
export const REPORT_OUTCOMES = ["out_of_scope", "unsubstantiated", "partly_substantiated", "substantiated", "remedied", "merged"] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_CHANNEL_TYPES = ["inbox", "webhook", "email"] as const;
export type DeliveryChannelType = (typeof DELIVERY_CHANNEL_TYPES)[number];
