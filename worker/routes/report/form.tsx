/**
 * The no-JS report form (issue #5 §1): GET /report (optionally `?township=CODE` from a
 * township's page, or `?q=name` to find one; /check hands off `category`, `task` as the title
 * and `list=off_list`), POST /report (re-render with values kept and
 * errors, or the receipt itself: no redirect, so the code never sits in a URL; no-store),
 * POST /report/confirm (the "type the last group" step, then what happens next).
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { formValuesToInput, LIST_STATUSES, REPORT_LIMITS, type ReportIssue } from "../../../data/schema/report.ts";
import { REPORT_CATEGORIES } from "../../../data/schema/report-category.ts";
import { localePath, t, type Lang, type MessageKey } from "../../../site/i18n/index.ts";
import type { SlotFill } from "../../../site/lib/form-slots.ts";
import { factory, type AppEnv } from "../../env.ts";
import { AppError, type FieldError } from "../../lib/errors.ts";
import { fillBuiltForm, html, htmlText, type FormFill } from "../../ui/shell.ts";
import { withinRateLimit } from "../../lib/rate-limit.ts";
import { fileFormReport, freshFormToken, type FormFiling } from "../../services/form-intake.ts";
import { routingOutcomes } from "../../db/reports.ts";
import { lastGroup, normaliseReceiptCode, ReceiptKeyMissingError, receiptHashCandidates, receiptKeys, type ReceiptKeys } from "../../domain/receipt.ts";
import { FORM_TOKEN_HOURS, formTokenHash, hourOf, isFormToken } from "../../domain/form-token.ts";
import { formTokenState } from "../../db/form-tokens.ts";
import { divisionByCode } from "../../db/reports.ts";
import { searchPlaces } from "../../db/places.ts";
import { parseQuery, placeResult } from "../../domain/place-search.ts";
import { placeLabel } from "../../../data/schema/division.ts";
import { reportByReceiptHashes } from "../../db/track.ts";
import { fieldErrors, parseReport } from "./shared.ts";
import { connectingAddress } from "../../lib/request.ts";
import { FormSpentPage, NextStepsPage, ReceiptPage } from "./views.tsx";
import { pendingBatch } from "../../db/delivery.ts";
import { batchLabel } from "../../domain/delivery-batch.ts";
import { readForm, readFormData } from "../../lib/form-body.ts";
import { reachSlots } from "./reach.tsx";
import { handoffView } from "../../services/handoff.ts";
import { dutyChoiceSlots } from "./duty-choices.tsx";
import { looksLikePersonName } from "../../../data/schema/person-name.ts";

/** The whole multipart body: five files at the cap plus the text fields. */
const FORM_MAX_BYTES = REPORT_LIMITS.evidenceFiles * REPORT_LIMITS.evidenceBytes + 256 * 1024;

export const reportForm = factory.createApp();

/** What a later post of a spent form gets: no report, no code, how to go on. */
const spentPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  return html(c, <FormSpentPage lang={lang} />, { title: t(lang, "report.spent.title"), noStore: true, status: 409 });
};

/** Without the receipt key no token can be made nor a report filed. */
const unavailable = (c: Context<AppEnv>, values: Record<string, string>) =>
  fillBuiltForm(c, "/report/", { values, notice: t(c.get("lang"), "report.notice.unavailable") }, 503);

/** A sentence of the catalogue as a slot's HTML (escaped). */
const textSlot = (text: string) => htmlText(<>{text}</>);

/** «已选择：南华村，沤江镇，桂东县…» above the code field. */
const selectedPlace = (lang: Lang, division: { name: string; context: string[] }) =>
  textSlot(t(lang, "report.township.selected", { name: placeLabel([...division.context].reverse().concat(division.name), "full") }));

/** The label of each form field, for the error summary (site/pages/report/_ReportForm.astro uses the same keys). */
const FIELD_LABELS: Record<string, MessageKey> = {
  townshipCode: "report.township.label",
  villageCode: "report.village.label",
  imposerName: "report.imposer.name.label",
  imposerLevel: "report.imposer.level.label",
  category: "report.category.label",
  title: "report.title.label",
  description: "report.description.label",
  sinceMonth: "report.since.label",
  hoursPerMonth: "report.hours.label",
  listStatus: "report.list.label",
  dutyItemRef: "report.duty.label",
  evidence: "report.evidence.label",
};

/** The error summary of a refused report: one line per field, each naming its field (UX 22: four «请填写此项。» say which four), linked to its control. */
function reportSummary(lang: Lang, errors: FieldError[]): NonNullable<FormFill["summary"]> {
  const first = new Map<string, FieldError>();
  for (const e of errors) {
    const field = e.path.split(".")[0]!;
    if (!first.has(field)) first.set(field, e);
  }
  const lines = [...first].map(([field, e]) => {
    const name = FIELD_LABELS[field];
    return { field: `field-${field}`, text: name ? t(lang, "report.errors.item", { field: t(lang, name), message: e.message }) : e.message };
  });
  return { heading: t(lang, "report.errors.heading", { count: lines.length }), lines };
}

/** The chosen place, named again when the server re-renders the form (UX 22): the village if one was chosen, else the township. */
async function chosenPlaceSlot(c: Context<AppEnv>, values: Record<string, string>): Promise<SlotFill> {
  const code = /^\d{12}$/.test(values.villageCode ?? "") ? values.villageCode! : (values.townshipCode ?? "");
  if (!/^\d{9}(\d{3})?$/.test(code)) return {};
  const division = await divisionByCode(c.env.DB, code);
  return division ? { "township-name": await selectedPlace(c.get("lang"), division) } : {};
}

/**
 * What a re-rendered form shows besides the kept values: the chosen place (UX 22), the township's
 * duty list with the chosen item (UX 23), and the gentle warning for a person's name as imposer.
 */
async function keptSlots(c: Context<AppEnv>, values: Record<string, string>, invalid: string[] = []): Promise<SlotFill> {
  const lang = c.get("lang");
  const slots = {
    ...(await chosenPlaceSlot(c, values)),
    ...(await dutyChoiceSlots(c.env.ASSETS, c.req.url, lang, values.townshipCode ?? "", values.dutyItemRef?.trim(), invalid.includes("dutyItemRef"))),
  };
  if (looksLikePersonName(values.imposerName ?? "")) slots["imposer-warning"] = await textSlot(t(lang, "report.imposer.person_warning"));
  return slots;
}

const formPage = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const code = c.req.query("township") ?? "";
  const q = (c.req.query("q") ?? "").normalize("NFC").trim().slice(0, 20);
  const slots: SlotFill = {};
  const values: Record<string, string> = {};
  if (/^\d{9}(\d{3})?$/.test(code)) {
    const division = await divisionByCode(c.env.DB, code);
    if (division) {
      // division.code, not the link's code: a retired code resolves to its successor.
      values.townshipCode = division.code.slice(0, 9);
      if (division.level === "village") values.villageCode = division.code;
      slots["township-name"] = await selectedPlace(lang, division);
      // Who it would reach, before a word is written (issue 10): per level until level and category are chosen.
      Object.assign(
        slots,
        await reachSlots(c.env, lang, values.townshipCode, values),
        await dutyChoiceSlots(c.env.ASSETS, c.req.url, lang, values.townshipCode),
      );
    }
  }
  Object.assign(values, handOff(c));
  if (q) {
    values.q = q;
    const parsed = parseQuery(q);
    const matches =
      "key" in parsed ? (await searchPlaces(c.env.DB, parsed.key, { offset: 0, limit: 20, levels: ["township", "village"] })).results.map(placeResult) : [];
    const self = localePath(lang, "/report");
    slots["township-results"] = await htmlText(
      matches.length ? (
        <>
          <h2>{t(lang, "report.township.results.heading")}</h2>
          <ul class="township-results">
            {matches.map((m) => (
              <li>
                <a href={`${self}?township=${m.code}`} lang="zh-CN">
                  {m.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t(lang, "report.township.results.none", { q })}</p>
      ),
    );
  }
  try {
    values.formToken = await freshFormToken(c.env);
  } catch (err) {
    if (err instanceof ReceiptKeyMissingError) return unavailable(c, values);
    throw err;
  }
  return fillBuiltForm(c, "/report/", { values, slots });
};
/** What /check hands off (UX 13): only known categories and list answers, the task cut to a title's length. */
function handOff(c: Context<AppEnv>): Record<string, string> {
  const out: Record<string, string> = {};
  const category = c.req.query("category") ?? "";
  if ((REPORT_CATEGORIES as readonly string[]).includes(category)) out.category = category;
  const task = (c.req.query("task") ?? "").normalize("NFC").replace(/\s+/g, " ").trim().slice(0, REPORT_LIMITS.title.max);
  if (task) out.title = task;
  const list = c.req.query("list") ?? "";
  if ((LIST_STATUSES as readonly string[]).includes(list)) out.listStatus = list;
  return out;
}
reportForm.get("/report", formPage);
reportForm.get("/report/", formPage);

const tooLarge = async (c: Context<AppEnv>) =>
  fillBuiltForm(c, "/report/", { notice: t(c.get("lang"), "report.notice.too_large", { mb: REPORT_LIMITS.evidenceBytes / 1024 / 1024 }) }, 413);

/** The notice of a post the no-JS limits refused (security M6); the county's names the official channels, which take reports whatever our limits say. */
function refusalNotice(lang: Lang, filing: FormFiling & { kind: "rate_limited" | "no_pow_source" | "no_pow_county" }): string {
  if (filing.kind === "rate_limited") return t(lang, "report.notice.rate_limited");
  if (filing.kind === "no_pow_source") return t(lang, "report.notice.no_pow_source");
  return t(lang, "report.notice.no_pow_county", {
    channels: filing.channels.join(t(lang, "report.notice.list_separator")) || t(lang, "report.notice.channels_none"),
  });
}

const submit = async (c: Context<AppEnv>) => {
  const lang = c.get("lang");
  const form = await readFormData(c);
  if (form instanceof Response) return form;
  const values: Record<string, string> = {};
  const uploads: File[] = [];
  for (const [name, value] of form) {
    if (typeof value === "string") values[name] = value;
    else if (name === "files" && value.size > 0) uploads.push(value);
  }
  const filesAgain = uploads.length ? t(lang, "report.errors.files_again") : undefined;
  // A re-render repeats who it would reach, exactly now that level and category are known (issue 10).
  const reach = async () => (/^\d{9}$/.test(values.townshipCode ?? "") ? await reachSlots(c.env, lang, values.townshipCode!, values) : {});
  const rerender = async (issues: ReportIssue[], status = 400) => {
    const errors = fieldErrors(lang, issues);
    return fillBuiltForm(
      c,
      "/report/",
      {
        values,
        slots: {
          ...(await keptSlots(
            c,
            values,
            issues.map((i) => i.path),
          )),
          ...(await reach()),
        },
        errors,
        summary: reportSummary(lang, errors),
        notice: filesAgain,
      },
      status,
    );
  };

  // The single-use token (issue 15 item 4): a spent one files nothing and never shows the code again;
  // an expired or unknown one gets the form back, everything kept, with a fresh token.
  const { formToken, ...fields } = values;
  let keys: ReceiptKeys;
  try {
    keys = receiptKeys(c.env);
  } catch (err) {
    if (err instanceof ReceiptKeyMissingError) return unavailable(c, fields);
    throw err;
  }
  const tokenHash = isFormToken(formToken) ? formTokenHash(keys, formToken) : null;
  const state = tokenHash ? await formTokenState(c.env.DB, tokenHash, hourOf(Date.now())) : "unknown";
  if (state === "spent") return spentPage(c);
  if (!tokenHash || state !== "valid") {
    values.formToken = await freshFormToken(c.env);
    const notice = [t(lang, "report.notice.form_expired", { hours: FORM_TOKEN_HOURS }), filesAgain].filter(Boolean).join(" ");
    return fillBuiltForm(c, "/report/", { values, slots: await keptSlots(c, values), notice }, 400);
  }

  const parsed = parseReport(formValuesToInput(fields));
  if (!parsed.ok) return rerender(parsed.issues);
  if (uploads.length > REPORT_LIMITS.evidenceFiles) return rerender([{ path: "evidence", code: "report.e.evidence_count" }]);
  if (uploads.some((f) => f.size > REPORT_LIMITS.evidenceBytes)) return rerender([{ path: "evidence", code: "report.e.evidence_too_large" }]);

  // The no-JS form skips proof of work and pays with a stricter limit (NO_JS_COST tokens) and daily budgets.
  const filing = await fileFormReport(c.env, { tokenHash, input: parsed.input, uploads, address: connectingAddress(c) });
  switch (filing.kind) {
    case "filed":
      return html(c, <ReceiptPage lang={lang} code={filing.receiptCode} />, { title: t(lang, "report.receipt.title"), noStore: true, status: 201 });
    case "spent":
      return spentPage(c);
    case "rejected":
      return rerender(filing.issues);
    case "unavailable":
      return fillBuiltForm(c, "/report/", { values, notice: t(lang, "report.notice.unavailable") }, 503);
    default:
      return fillBuiltForm(c, "/report/", { values, notice: refusalNotice(lang, filing) }, 429);
  }
};
const limit = bodyLimit({ maxSize: FORM_MAX_BYTES, onError: tooLarge });
reportForm.post("/report", limit, submit);
reportForm.post("/report/", limit, submit);

reportForm.post("/report/confirm", bodyLimit({ maxSize: 8 * 1024 }), async (c) => {
  const lang = c.get("lang");
  const form = await readForm(c);
  const typedCode = typeof form.code === "string" ? form.code : "";
  const normalised = normaliseReceiptCode(typedCode);
  if (!normalised) throw new AppError("bad_request");
  const grouped = normalised.match(/.{4}/g)!.join("-");
  // This answers "is this a receipt code?" like /track does, so it spends the same budget (security L1).
  if (!(await withinRateLimit(c.env.TRACK_LIMITER, c.env, connectingAddress(c), "track"))) {
    return html(c, <ReceiptPage lang={lang} code={grouped} rateLimited />, { title: t(lang, "report.receipt.title"), noStore: true, status: 429 });
  }
  const typed = normaliseReceiptCode(`${String(form.lastGroup ?? "")}0000000000000000`)?.slice(0, 4);
  if (typed !== lastGroup(normalised)) {
    return html(c, <ReceiptPage lang={lang} code={grouped} wrongConfirm />, { title: t(lang, "report.receipt.title"), noStore: true, status: 400 });
  }
  const report = await reportByReceiptHashes(c.env.DB, receiptHashCandidates(receiptKeys(c.env), normalised));
  const [decisions, batch] = report ? await Promise.all([routingOutcomes(c.env.DB, report.id), pendingBatch(c.env.DB, report.id)]) : [[], null];
  const handoff = report ? await handoffView(c.env.DB, lang, report.id, decisions) : null;
  return html(c, <NextStepsPage lang={lang} code={grouped} decisions={decisions} handoff={handoff} batch={batch === null ? null : batchLabel(batch)} />, {
    title: t(lang, "report.next.title"),
    noStore: true,
    ...(handoff ? { variant: "handoff" as const } : {}),
  });
});
