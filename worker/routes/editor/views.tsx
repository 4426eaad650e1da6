/**
 * The editors' desk pages (hono/jsx, which escapes every value, in the site shell): the header,
 * the queue and one contribution with its forms. Every label comes from site/i18n/<lang>/editor.json
 * or labels.json; the parse preview is shown as counts and headings, never as the script's text.
 */
import type { Context } from "hono";
import type { EditorEnv } from "../../auth/session.ts";
import type { ContributionStatus } from "../../../data/schema/contribution.ts";
import { CONTRIBUTION_STATUSES, ContributionPreview, TOWNSHIP_PART_KINDS, type ContributionPreviewPart } from "../../../data/schema/contribution.ts";
import type { CountyTownships, DeskContribution, DuplicateCandidate, QueueRow } from "../../db/contributions.ts";
import { DuplicatePicker } from "./duplicate.tsx";
import { townshipCodes, townshipsLabel } from "./townships.ts";
import { t as message } from "../../../site/i18n/index.ts";
import { lb, tr } from "../../ui/backoffice.tsx";
import { BackofficeHeader, Csrf, ErrorSummary, Field, PostButton, Table, type MenuItem } from "../../ui/components.tsx";
import { localePath } from "../../../site/i18n/index.ts";

/** Path of a desk page in the request's language. */
export const epath = (c: Context, path: string) => localePath(c.get("lang"), `/editor${path}`);

/** A refused form: which one, and the i18n keys of its reasons. */
export interface DeskErrors {
  form: string | null;
  keys: string[];
}

/** The desk's header: queue, audit, account (passkeys) with the current page marked, and signing out. */
export function EditorNav({ c }: { c: Context<EditorEnv> }) {
  const t = tr(c);
  const editor = c.get("editor");
  const here = new URL(c.req.url).pathname.replace(/\/$/, "");
  const item = (path: string, label: string): MenuItem => {
    const href = epath(c, path);
    return { href, label, current: here === href || (path === "" && here.startsWith(`${href}/c/`)) };
  };
  return (
    <BackofficeHeader
      who={t("editor.nav.desk")}
      detail={editor.email}
      label={t("editor.nav.label")}
      items={[item("", t("editor.nav.queue")), item("/audit", t("editor.nav.audit")), item("/account", t("passkey.nav.account"))]}
      signOut={<PostButton action={epath(c, "/logout")} csrf={editor.csrf} label={t("oversight.nav.logout")} variant="link" />}
    />
  );
}

export function QueueTable({
  c,
  status,
  rows,
  counts,
}: {
  c: Context<EditorEnv>;
  status: ContributionStatus;
  rows: QueueRow[];
  counts: Partial<Record<ContributionStatus, number>>;
}) {
  const t = tr(c);
  const l = lb(c);
  return (
    <>
      <nav aria-label={t("editor.queue.by_status")}>
        <ul class="backoffice-menu">
          {CONTRIBUTION_STATUSES.map((s) => (
            <li>
              <a href={epath(c, `?status=${s}`)} aria-current={s === status ? "page" : undefined}>
                {l("contribution_status", s)}（{counts[s] ?? 0}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p>{t("editor.queue.empty")}</p>
      ) : (
        <Table
          caption={t("editor.queue.caption", { status: l("contribution_status", status) })}
          headers={[
            t("editor.col.received"),
            t("editor.col.county"),
            t("editor.col.kind"),
            t("editor.col.townships"),
            t("editor.col.file"),
            t("editor.col.flags"),
          ]}
        >
          {rows.map((r) => (
            <tr>
              <td>
                <a href={epath(c, `/c/${r.id}`)}>{r.receivedOn}</a>
              </td>
              <td>{r.countyName ?? t("editor.county_unknown")}</td>
              <td>{l("contribution_kind", r.kind)}</td>
              <td>{townshipsLabel(c, r)}</td>
              <td>{t(r.hasFile ? "contribute.status.file_yes" : "contribute.status.file_no")}</td>
              <td>{[r.importReady ? t("editor.flag.import_ready") : "", r.duplicateOf ? t("editor.flag.duplicate") : ""].filter(Boolean).join("、")}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

/** The reasons a form was refused, beside that form. */
function FormErrors({ c, errors, form }: { c: Context; errors: DeskErrors; form: string }) {
  if (errors.form !== form || errors.keys.length === 0) return null;
  const lang = c.get("lang");
  const text = (key: string) => {
    try {
      return message(lang, key);
    } catch {
      return message(lang, "editor.e.invalid");
    }
  };
  return <ErrorSummary level={3} heading={tr(c)("oversight.error.title")} lines={[...new Set(errors.keys.map(text))].map((m) => ({ text: m }))} />;
}

function Preview({ c, json, names }: { c: Context; json: string | null; names: Map<string, string> }) {
  const t = tr(c);
  const l = lb(c);
  // Written by `contributions:pull --report`; read with the same schema, and anything else shows as no preview.
  let parts: ContributionPreviewPart[] = [];
  try {
    parts = json ? (ContributionPreview.safeParse(JSON.parse(json)).data ?? []) : [];
  } catch {
    parts = [];
  }
  if (parts.length === 0) return <p>{t("editor.preview.none")}</p>;
  return (
    <Table
      caption={t("editor.preview.caption")}
      hideCaption
      headers={[t("editor.col.township"), t("editor.preview.result"), t("editor.preview.items"), t("editor.preview.unmapped"), t("editor.preview.problems")]}
    >
      {parts.map((p) => (
        <tr>
          <td>{names.get(p.township) ?? p.township}</td>
          <td>{t(p.written ? "editor.preview.written" : "editor.preview.refused")}</td>
          <td>
            {Object.entries(p.counts ?? {})
              .map(([part, n]) => `${l("duty_part", part)} ${n}`)
              .join("，")}
          </td>
          <td>{(p.unmapped ?? []).join("；") || t("editor.preview.nothing")}</td>
          <td>{(p.problems ?? []).length}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Which townships the file covers: the chosen ones, or every township of the county. */
function coveredTownships(row: DeskContribution, place: CountyTownships | null) {
  const all = place?.townships ?? [];
  if (row.wholeCounty) return all;
  return townshipCodes(row).map((code) => all.find((t) => t.code === code) ?? { code, name: code });
}

function PartsFields({ c, row, place }: { c: Context; row: DeskContribution; place: CountyTownships | null }) {
  const t = tr(c);
  const saved = new Map<string, Record<string, string>>();
  try {
    for (const p of JSON.parse(row.townshipParts ?? "[]") as Record<string, string>[]) saved.set(p.township ?? "", p);
  } catch {
    // A malformed stored mapping shows as empty: the editor records it again.
  }
  const townships = coveredTownships(row, place);
  // A hand-in for one township is read as that township's whole file (the pull's default,
  // scripts/contributions-pull.ts townshipMapping): the form says so rather than «不在此文件中».
  const onlyOne = !row.wholeCounty && townships.length === 1;
  return (
    <fieldset id="parts">
      <legend>{t("editor.parts.legend")}</legend>
      <p class="hint">{t("editor.parts.hint")}</p>
      <Table caption={t("editor.parts.legend")} hideCaption headers={[t("editor.col.township"), t("editor.parts.kind"), t("editor.parts.where")]}>
        {townships.map((tw) => {
          const p = saved.get(tw.code);
          const kind = !p ? (onlyOne ? "file" : "") : p.sheet ? "sheet" : p.heading ? "heading" : p.pages ? "pages" : "file";
          return (
            <tr>
              <td>{tw.name}</td>
              <td>
                <label class="visually-hidden" for={`part_${tw.code}`}>
                  {t("editor.parts.kind_of", { name: tw.name })}
                </label>
                <select id={`part_${tw.code}`} name={`part_${tw.code}`}>
                  <option value="">{t("editor.parts.kind.none")}</option>
                  {TOWNSHIP_PART_KINDS.map((k) => (
                    <option value={k} selected={kind === k}>
                      {t(`editor.parts.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <label class="visually-hidden" for={`where_${tw.code}`}>
                  {t("editor.parts.where_of", { name: tw.name })}
                </label>
                <input id={`where_${tw.code}`} name={`where_${tw.code}`} value={p?.sheet ?? p?.heading ?? p?.pages ?? ""} />
              </td>
            </tr>
          );
        })}
      </Table>
    </fieldset>
  );
}

const text = (id: string, label: string, value: string | null, type = "text") => (
  <Field id={id} label={label}>
    <input id={id} name={id} type={type} value={value ?? ""} />
  </Field>
);

export function DeskPage({
  c,
  row,
  place,
  candidates,
  errors,
}: {
  c: Context<EditorEnv>;
  row: DeskContribution;
  place: CountyTownships | null;
  candidates: DuplicateCandidate[];
  errors: DeskErrors;
}) {
  const t = tr(c);
  const l = lb(c);
  const csrf = c.get("editor").csrf;
  const action = (name: string) => epath(c, `/c/${row.id}/${name}`);
  const names = new Map((place?.townships ?? []).map((tw) => [tw.code, tw.name]));
  const countyName = place ? [...place.county.chain, place.county.name].join(" ") : t("editor.county_unknown");
  return (
    <>
      <EditorNav c={c} />
      <h1>{t("editor.item.heading", { county: place?.county.name ?? t("editor.county_unknown"), day: row.receivedOn })}</h1>
      <FormErrors c={c} errors={errors} form="page" />
      <dl class="facts">
        <dt>{t("contribute.status.current")}</dt>
        <dd>{l("contribution_status", row.status)}</dd>
        <dt>{t("contribute.status.kind")}</dt>
        <dd>{l("contribution_kind", row.kind)}</dd>
        <dt>{t("editor.col.county")}</dt>
        <dd>{countyName}</dd>
        <dt>{t("editor.col.townships")}</dt>
        <dd>
          {row.wholeCounty
            ? t("editor.queue.whole_county")
            : coveredTownships(row, place)
                .map((tw) => tw.name)
                .join("、")}
        </dd>
        <dt>{t("editor.item.source")}</dt>
        <dd>
          <a href={row.url} rel="noopener noreferrer nofollow" target="_blank">
            {row.url}
          </a>{" "}
          <strong>{t(row.governmentHost ? "editor.item.government" : "editor.item.not_government")}</strong>
        </dd>
        <dt>{t("contribute.status.file")}</dt>
        <dd>
          {row.fileKey ? (
            <a href={epath(c, `/c/${row.id}/file`)} download>
              {t("editor.item.download", { type: (row.fileType ?? "").toUpperCase(), kb: Math.ceil((row.fileSize ?? 0) / 1024) })}
            </a>
          ) : row.fileDeletedOn ? (
            t("editor.item.file_deleted", { day: row.fileDeletedOn })
          ) : (
            t("contribute.status.file_no")
          )}
        </dd>
        <dt>{t("editor.item.note")}</dt>
        <dd class="prewrap">{row.note ?? t("editor.item.no_note")}</dd>
        {row.duplicateOf && (
          <>
            <dt>{t("editor.flag.duplicate")}</dt>
            <dd>
              <a href={epath(c, `/c/${row.duplicateOf}`)}>{t("editor.item.duplicate_link")}</a>
            </dd>
          </>
        )}
        {row.outcomeOn && (
          <>
            <dt>{t("contribute.status.outcome")}</dt>
            <dd>
              {row.outcomeOn} {row.outcomePath ?? ""} {row.outcomeReason ?? ""}
            </dd>
          </>
        )}
      </dl>

      <h2>{t("editor.preview.heading")}</h2>
      <Preview c={c} json={row.preview} names={names} />

      {row.status === "received" && (
        <section>
          <h2>{t("editor.review.heading")}</h2>
          <FormErrors c={c} errors={errors} form="review" />
          <PostButton action={action("review")} csrf={csrf} label={t("editor.review.submit")} />
        </section>
      )}

      <section>
        <h2>{t("editor.metadata.heading")}</h2>
        <FormErrors c={c} errors={errors} form="metadata" />
        <form method="post" action={action("metadata")}>
          <Csrf token={csrf} />
          {text("issuer", t("editor.metadata.issuer"), row.issuer)}
          {text("document_number", t("editor.metadata.document_number"), row.documentNumber)}
          {text("adopted_on", t("editor.metadata.adopted_on"), row.adoptedOn, "date")}
          {text("published_on", t("editor.metadata.published_on"), row.publishedOn, "date")}
          {text("version", t("editor.metadata.version"), row.version)}
          <PartsFields c={c} row={row} place={place} />
          <button type="submit">{t("editor.metadata.submit")}</button>
        </form>
      </section>

      <section>
        <h2>{t("editor.duplicate.heading")}</h2>
        <FormErrors c={c} errors={errors} form="duplicate" />
        <DuplicatePicker c={c} action={action("duplicate")} csrf={csrf} current={row.duplicateOf} candidates={candidates} place={place} />
      </section>

      {row.status === "reviewing" && (
        <>
          <section>
            <h2>{t("editor.import.heading")}</h2>
            <FormErrors c={c} errors={errors} form="import-ready" />
            <p>{t(row.importReady ? "editor.import.is_ready" : "editor.import.not_ready")}</p>
            <form method="post" action={action("import-ready")}>
              <Csrf token={csrf} />
              <input type="hidden" name="ready" value={row.importReady ? "0" : "1"} />
              <button type="submit">{t(row.importReady ? "editor.import.unset" : "editor.import.set")}</button>
            </form>
          </section>
          <section>
            <h2>{t("editor.outcome.heading")}</h2>
            <FormErrors c={c} errors={errors} form="outcome" />
            <form method="post" action={action("outcome")}>
              <Csrf token={csrf} />
              <fieldset>
                <legend>{t("editor.outcome.legend")}</legend>
                <p>
                  <input type="radio" id="status-accepted" name="status" value="accepted" />
                  <label for="status-accepted">{l("contribution_status", "accepted")}</label>
                </p>
                <p>
                  <input type="radio" id="status-declined" name="status" value="declined" />
                  <label for="status-declined">{l("contribution_status", "declined")}</label>
                </p>
              </fieldset>
              <Field id="path" label={t("editor.outcome.path")}>
                <input id="path" name="path" placeholder="/431027102/" />
              </Field>
              <Field id="reason" label={t("editor.outcome.reason")}>
                <textarea id="reason" name="reason" rows={3}></textarea>
              </Field>
              <button type="submit">{t("editor.outcome.submit")}</button>
            </form>
          </section>
        </>
      )}
    </>
  );
}
