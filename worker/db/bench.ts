/**
 * Statements of the benchmark-only routes (worker/routes/bench.ts): the bare insert that
 * `npm run bench:intake` compares intake with, and a trivial query for the round-trip time.
 */

export const bareInsertStatement = (db: D1Database, id: string, today: string, r: { townshipCode: string; title: string; description: string }) =>
  db
    .prepare(
      `INSERT INTO reports (id, receipt_hash, received_on, township_code, imposer_name, imposer_level, category, title, description)
       VALUES (?1, ?2, ?3, ?4, '县农业农村局', 'county', 'forms', ?5, ?6)`,
    )
    .bind(id, `bench:${id}`, today, r.townshipCode, r.title, r.description);

export const roundTripStatement = (db: D1Database) => db.prepare("SELECT 1");

/** A query built by worker/db/inbox.ts `inboxQuery`, ready to time. */
export const builtStatement = (db: D1Database, q: { sql: string; params: unknown[] }) => db.prepare(q.sql).bind(...q.params);

/** The prefix query the report picker used before the place search (issue 13), for comparison only. */
const FORMER_PREFIX_SQL = `SELECT d.code, d.name, d.level, p.name AS p1, pp.name AS p2, ppp.name AS p3 FROM divisions d
  LEFT JOIN divisions p ON p.code = d.parent_code LEFT JOIN divisions pp ON pp.code = p.parent_code
  LEFT JOIN divisions ppp ON ppp.code = pp.parent_code
  WHERE d.level = ?1 AND d.name >= ?2 AND d.name < ?2 || char(1114111) ORDER BY d.name, d.code LIMIT 20`;
export const formerPrefixStatement = (db: D1Database, level: string, name: string) => db.prepare(FORMER_PREFIX_SQL).bind(level, name);
