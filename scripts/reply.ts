/**
 * Posts an oversight body's reply to a report in the LOCAL D1 database, until the triage
 * interface exists (issue #5 "Done when"). The reporter reads it on /track.
 *
 *   npm run reply -- --list                          recent reports: id, day, status, title
 *   npm run reply -- REPORT_ID "答复内容"              a public reply (shown under "public replies")
 *   npm run reply -- REPORT_ID "问题" --private        a private message to the reporter
 *   options: --body BODY_ID (who answers; default: the first body assigned, if any)
 *            --persist-to DIR (local state other than .wrangler/state, e.g. .tmp/e2e-state)
 */
import { d1Query, type D1Target } from "./lib/run.ts";
import { sql } from "../worker/db/sql-literal.ts";
import { beijingToday } from "../worker/domain/working-days.ts";


export function postReply(target: D1Target, reportId: string, text: string, options: { bodyId?: string; private?: boolean } = {}): void {
  if (target.remote) throw new Error("reply: local databases only (use the triage interface in production)");
  const found = d1Query<{ id: string; body: string | null }>(
    `SELECT r.id, (SELECT body_id FROM report_assignments a WHERE a.report_id = r.id ORDER BY a.assigned_on LIMIT 1) AS body FROM reports r WHERE r.id = ${sql(reportId)}`,
    target,
  );
  if (found.length === 0) throw new Error(`reply: no report ${reportId} (npm run reply -- --list)`);
  const bodyId = options.bodyId ?? found[0]!.body;
  const kind = options.private ? "message" : "public_reply";
  d1Query(
    `INSERT INTO messages (report_id, seq, on_day, direction, body_id, kind, text)
     SELECT ${sql(reportId)}, COALESCE(MAX(seq), 0) + 1, ${sql(beijingToday())}, 'to_reporter', ${sql(bodyId)}, '${kind}', ${sql(text)} FROM messages WHERE report_id = ${sql(reportId)}`,
    target,
  );
}

export function listReports(target: D1Target): { id: string; day: string; status: string; title: string }[] {
  return d1Query(`SELECT id, received_on AS day, status, title FROM reports ORDER BY received_on DESC, id LIMIT 30`, target);
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const [, value] = argv.splice(i, 2);
    return value;
  };
  const persistTo = flag("--persist-to");
  const bodyId = flag("--body");
  const isPrivate = argv.includes("--private");
  const target: D1Target = { remote: false, persistTo };
  const positional = argv.filter((a) => !a.startsWith("--"));
  if (argv.includes("--list") || positional.length === 0) {
    for (const r of listReports(target)) console.log(`${r.id}  ${r.day}  ${r.status.padEnd(12)}  ${r.title}`);
    if (!argv.includes("--list")) console.log('\nusage: npm run reply -- REPORT_ID "text" [--private] [--body BODY_ID] [--persist-to DIR]');
  } else {
    const [reportId, text] = positional;
    if (!text) throw new Error('usage: npm run reply -- REPORT_ID "text"');
    postReply(target, reportId!, text, { bodyId, private: isPrivate });
    console.log(`${isPrivate ? "message" : "public reply"} posted to ${reportId}; the reporter sees it on /track`);
  }
}
