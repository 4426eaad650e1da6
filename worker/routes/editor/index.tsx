/**
 * The editors' desk (issue 12 item 2), /editor: sign-in (password + TOTP, or a passkey: the
 * oversight sign-in's checks with the editor tables), the account page with passkeys
 * (passkeys.tsx), the audit (audit.tsx), the queue of contributions by status, one contribution with its
 * source, file, note and parse preview, and the forms that record what the import needs and the
 * outcome. Every view and action goes to editor_audit. Editors see no report data: nothing here
 * reads a report table. Forms post and redirect (no JavaScript needed); a refused form re-renders
 * its page with the reasons.
 */
import type { Context } from "hono";
import {
  assertSameSite,
  clearSessionCookie,
  currentEditor,
  EDITOR_SESSION,
  editorFactory,
  requireEditor,
  setSessionCookie,
  type EditorEnv,
} from "../../auth/session.ts";
import { signInWithPasskey, signInWithPassword, signOut, type SignInResult } from "../../services/sign-in.ts";
import { signInRequest } from "../../lib/request.ts";
import { contributionCounts, contributionQueue, countyTownships, deskContribution, duplicateCandidates } from "../../db/contributions.ts";
import { applyDeskAction, type DeskAction } from "../../services/contributions.ts";
import { recordDeskRead } from "../../services/access-log.ts";
import { AppError } from "../../lib/errors.ts";
import { field, readForm } from "../../lib/form-body.ts";
import { CONTRIBUTION_STATUSES, type ContributionStatus } from "../../../data/schema/contribution.ts";
import { keyedLines, page, PasswordSignIn, tr } from "../../ui/backoffice.tsx";
import { ErrorSummary } from "../../ui/components.tsx";
import { PasskeyLogin } from "../account/passkeys.tsx";
import { DeskPage, EditorNav, epath, QueueTable, type DeskErrors } from "./views.tsx";
import { editorPasskeyRoutes } from "./passkeys.tsx";
import { auditPage } from "./audit.tsx";

const desk = editorFactory.createApp();

function LoginForm({ c, email, failed }: { c: Context; email: string; failed: false | "password" | "passkey" }) {
  const t = tr(c);
  return (
    <>
      <h1>{t("editor.login.title")}</h1>
      {failed === "password" && (
        <ErrorSummary heading={t("oversight.error.title")} lines={keyedLines(c, [{ field: "email", key: "oversight.login.failed" }])} />
      )}
      {failed === "passkey" && <ErrorSummary heading={t("oversight.error.title")} lines={keyedLines(c, [{ field: "passkey", key: "passkey.login.failed" }])} />}
      <p>{t("editor.login.lead")}</p>
      <PasswordSignIn c={c} action={epath(c, "/login")} email={email} />
      <PasskeyLogin c={c} path={epath} />
    </>
  );
}

/** The sign-in page, in the shell that loads the passkey script. */
const loginPage = (c: Context, email: string, failed: false | "password" | "passkey", status = 200) =>
  page(c, tr(c)("editor.login.title"), <LoginForm c={c} email={email} failed={failed} />, status, "passkey");

desk.get("/login", async (c) => {
  if (await currentEditor(c, c.env)) return c.redirect(epath(c, ""), 303);
  return loginPage(c, "", false);
});

/**
 * The answer to a sign-in (worker/services/sign-in.ts with the editor session: the session row
 * and its audit entry are written there): the session's cookie and the queue, or the sign-in page
 * again with the refusal's status.
 */
async function answer(c: Context<EditorEnv>, result: SignInResult, email: string, failed: "password" | "passkey") {
  if (!("token" in result)) return loginPage(c, email, failed, result.refused);
  await setSessionCookie(c, c.env, result.token, EDITOR_SESSION);
  return c.redirect(epath(c, ""), 303);
}

desk.post("/login", async (c) => {
  // Cross-site sign-in posts are refused (login CSRF).
  assertSameSite(c);
  const form = await readForm(c);
  const email = field(form, "email").toLowerCase();
  // The same text for every failure: unknown address, locked, wrong password, wrong or reused code.
  const result = await signInWithPassword(c.env, EDITOR_SESSION, signInRequest(c), { email, password: field(form, "password"), code: field(form, "code") });
  return answer(c, result, email, "password");
});

// Sign-in with a passkey: only editor_passkeys, with the editor challenge (an oversight user's
// passkey or challenge is refused here); the password sign-in's rate limit, lockout and audit.
desk.post("/login/passkey", async (c) => {
  assertSameSite(c);
  const form = await readForm(c);
  return answer(c, await signInWithPasskey(c.env, EDITOR_SESSION, signInRequest(c), field(form, "credential")), "", "passkey");
});

// The account page and the passkey options: mounted before the desk's guard below, since the
// sign-in options need no session (each account route requires the editor itself).
desk.route("/", editorPasskeyRoutes);

const inside = editorFactory.createApp();
inside.use("*", requireEditor());

inside.post("/logout", async (c) => {
  await signOut(c.env.DB, EDITOR_SESSION, c.get("editor"));
  clearSessionCookie(c, EDITOR_SESSION);
  return c.redirect(epath(c, "/login"), 303);
});

const isStatus = (s: string | undefined): s is ContributionStatus => (CONTRIBUTION_STATUSES as readonly string[]).includes(s ?? "");

inside.get("/audit", (c) => auditPage(c));

inside.get("/", async (c) => {
  const editor = c.get("editor");
  const asked = c.req.query("status");
  const status: ContributionStatus = isStatus(asked) ? asked : "received";
  const [rows, counts] = await Promise.all([contributionQueue(c.env.DB, status), contributionCounts(c.env.DB)]);
  await recordDeskRead(c.env.DB, editor.id, "view_queue", { detail: status });
  const t = tr(c);
  return page(
    c,
    t("editor.queue.title"),
    <>
      <EditorNav c={c} />
      <h1>{t("editor.queue.title")}</h1>
      <QueueTable c={c} status={status} rows={rows} counts={counts} />
    </>,
  );
});

/** One contribution's page, with the errors of a refused form when there are any. */
async function contributionPage(c: Context<EditorEnv>, errors: DeskErrors = { form: null, keys: [] }, status = 200) {
  const row = await deskContribution(c.env.DB, c.req.param("id") ?? "");
  if (!row) throw new AppError("not_found");
  const [place, candidates] = await Promise.all([countyTownships(c.env.DB, row.countyCode), duplicateCandidates(c.env.DB, row.countyCode, row.id)]);
  if (status === 200) await recordDeskRead(c.env.DB, c.get("editor").id, "view_contribution", { contributionId: row.id });
  return page(c, tr(c)("editor.item.title"), <DeskPage c={c} row={row} place={place} candidates={candidates} errors={errors} />, status);
}

inside.get("/c/:id", (c) => contributionPage(c));

// The file only through the worker, as an attachment; never by public URL.
inside.get("/c/:id/file", async (c) => {
  const row = await deskContribution(c.env.DB, c.req.param("id"));
  const object = row?.fileKey ? await c.env.CONTRIBUTIONS.get(row.fileKey) : null;
  if (!row || !object) throw new AppError("not_found");
  await recordDeskRead(c.env.DB, c.get("editor").id, "download_file", { contributionId: row.id });
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "content-disposition": `attachment; filename="contribution.${row.fileType ?? "bin"}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});

/** The township → part mapping from the metadata form: `part_<code>` says where, `where_<code>` names it. */
function townshipPartsOf(form: Record<string, unknown>): unknown[] {
  const parts: unknown[] = [];
  for (const key of Object.keys(form).sort()) {
    const code = /^part_(\d{9})$/.exec(key)?.[1];
    const kind = field(form, key);
    if (!code || kind === "") continue;
    parts.push(kind === "file" ? { township: code } : { township: code, [kind]: field(form, `where_${code}`) });
  }
  return parts;
}

const ACTIONS: Record<string, (form: Record<string, unknown>) => DeskAction> = {
  duplicate: (form) => ({ kind: "duplicate", of: field(form, "duplicate_of") }),
  metadata: (form) => ({
    kind: "metadata",
    input: {
      issuer: field(form, "issuer"),
      documentNumber: field(form, "document_number"),
      adoptedOn: field(form, "adopted_on"),
      publishedOn: field(form, "published_on"),
      version: field(form, "version"),
      townshipParts: townshipPartsOf(form),
    },
  }),
  "import-ready": (form) => ({ kind: "import_ready", ready: field(form, "ready") === "1" }),
  review: () => ({ kind: "start_review" }),
  outcome: (form) => ({
    kind: "outcome",
    input:
      field(form, "status") === "accepted"
        ? { status: "accepted", path: field(form, "path") }
        : { status: field(form, "status"), reason: field(form, "reason") },
  }),
};

inside.post("/c/:id/:action", async (c) => {
  const name = c.req.param("action");
  const make = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!make) throw new AppError("not_found");
  try {
    await applyDeskAction(c.env.DB, c.get("editor").id, c.req.param("id"), make(await readForm(c)));
  } catch (err) {
    // A refused form comes back on its page with the reasons (never a bare error page).
    if (!(err instanceof AppError) || (err.code !== "validation_failed" && err.code !== "conflict")) throw err;
    const keys = err.code === "conflict" ? ["editor.e.conflict"] : (err.fields ?? []).map((f) => f.code);
    // A conflict (the status moved) is said at the top: the form it came from may be gone.
    return contributionPage(c, { form: err.code === "conflict" ? "page" : name, keys }, err.code === "conflict" ? 409 : 422);
  }
  return c.redirect(epath(c, `/c/${c.req.param("id")}`), 303);
});

desk.route("/", inside);

export const editorRoutes = editorFactory.createApp();
editorRoutes.route("/editor", desk);
