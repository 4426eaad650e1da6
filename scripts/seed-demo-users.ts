/**
 * Demo accounts for `npm start` (local only): an admin of one demo oversight body, with a fixed
 * password and TOTP secret printed to the console, and a few demo reports in its inbox so the
 * whole triage flow can be tried. Never for a deployed database: the credentials are public.
 */
import { hashPassword } from "../worker/auth/password.ts";
import { addWorkingDays, beijingToday } from "../worker/domain/working-days.ts";
import { d1Query, type D1Target } from "./lib/run.ts";
import { sql } from "../worker/db/sql-literal.ts";
import { isDeployBuild } from "../data/demo-content.ts";

export const DEMO_ADMIN = {
  email: "admin@demo.qingdan.invalid",
  password: "demo-only-password-1",
  /** Base32 TOTP secret (demo only): add it to an authenticator app, or compute codes with otpauth. */
  totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
};

const DEMO_REPORTS = [
  {
    category: "forms",
    title: "【演示】同一数据每周向三个部门重复报表",
    description: "【演示数据】镇里每周要把同一组数据分别填进三个部门的表格，格式各不相同。",
  },
  { category: "meetings", title: "【演示】每周五次视频会议要求全员在线", description: "【演示数据】县里多个部门的视频会议要求镇村干部全员在线签到。" },
  { category: "apps", title: "【演示】政务App每日打卡和积分排名", description: "【演示数据】要求每天在多个App上打卡学习，按积分通报排名。" },
];

/** Where `wrangler dev` serves by default; `npm start -- --port N` passes the origin it actually serves. */
const DEFAULT_ORIGIN = "http://localhost:8787";

/** The console lines naming the demo sign-in: the login URL on the origin being served, and the credentials. */
export function demoSignInMessage(bodyName: string, origin: string): string {
  return [
    "",
    `  Demo oversight sign-in (local demo only) for ${bodyName}:`,
    `    ${new URL("/oversight/login", origin).href}`,
    `    email ${DEMO_ADMIN.email}`,
    `    password ${DEMO_ADMIN.password}`,
    `    TOTP secret ${DEMO_ADMIN.totpSecret} (add to an authenticator app)`,
    "",
  ].join("\n");
}

export async function seedDemoUsers(target: D1Target, { origin = DEFAULT_ORIGIN }: { origin?: string } = {}): Promise<void> {
  if (target.remote) throw new Error("seed-demo-users: demo accounts are for local databases only");
  if (isDeployBuild()) throw new Error("seed-demo-users: QINGDAN_DEPLOY=1 is a deploy build, which has no demo account");
  // The body the demo admin already belongs to (if still a joined demo body), else the first demo county body.
  let body = d1Query<{ id: string; name: string; area_code: string }>(
    `SELECT b.id, b.name, b.area_code FROM oversight_bodies b LEFT JOIN users u ON u.body_id = b.id AND u.email = ${sql(DEMO_ADMIN.email)}
      WHERE b.demo = 1 AND b.joined = 1 AND b.level = 'county' ORDER BY u.id IS NULL, b.id LIMIT 1`,
    target,
  )[0];
  if (!body) {
    d1Query(
      "INSERT OR IGNORE INTO oversight_bodies (id, name, kind, level, area_code, joined, demo) VALUES ('demo-county-office', '【演示】某县减负办', 'burden_reduction_office', 'county', '431027', 1, 1)",
      target,
    );
    body = { id: "demo-county-office", name: "【演示】某县减负办", area_code: "431027" };
  }
  const hash = await hashPassword(DEMO_ADMIN.password);
  d1Query(
    `INSERT INTO users (id, body_id, email, display_name, role, password_hash, totp_secret, created_at)
     VALUES ('demo-admin', ${sql(body.id)}, ${sql(DEMO_ADMIN.email)}, '演示管理员', 'admin', ${sql(hash)}, ${sql(DEMO_ADMIN.totpSecret)}, ${Date.now()})
     ON CONFLICT (email) DO UPDATE SET body_id = excluded.body_id, password_hash = excluded.password_hash, totp_secret = excluded.totp_secret,
       totp_last_step = 0, failed_logins = 0, locked_until = 0, disabled = 0`,
    target,
  );
  const held = d1Query<{ n: number }>(`SELECT count(*) AS n FROM report_assignments WHERE body_id = ${sql(body.id)} AND active = 1`, target)[0]?.n ?? 0;
  if (held === 0) {
    const today = beijingToday();
    const township = `${body.area_code}100`;
    const statements = DEMO_REPORTS.map((r, i) => {
      const id = `demo-report-${i + 1}`;
      // The demo reporters consent to a published summary, so the whole triage flow can be tried.
      return `INSERT OR IGNORE INTO reports (id, receipt_hash, received_on, township_code, imposer_name, imposer_level, category, title, description, status, first_delivered_on, publish_consent)
        VALUES (${sql(id)}, ${sql(`demo:${id}`)}, ${sql(today)}, ${sql(township)}, '【演示】县某局', 'county', ${sql(r.category)}, ${sql(r.title)}, ${sql(r.description)}, 'routed', ${sql(today)}, 1);
        INSERT OR IGNORE INTO report_assignments (report_id, body_id, active, assigned_on, delivered_on, ack_due_on, conclude_due_on, status)
        VALUES (${sql(id)}, ${sql(body.id)}, 1, ${sql(today)}, ${sql(today)}, ${sql(addWorkingDays(today, 5))}, ${sql(addWorkingDays(today, 60))}, 'routed');
        INSERT OR IGNORE INTO report_events (report_id, seq, on_day, kind, from_status, to_status, body_id, actor) VALUES (${sql(id)}, 1, ${sql(today)}, 'route', 'received', 'routed', ${sql(body.id)}, 'system');`;
    });
    d1Query(statements.join("\n"), target);
  }
  console.log(demoSignInMessage(body.name, origin));
}

if (import.meta.main) await seedDemoUsers({ remote: false });
