/**
 * Reads that share one D1 round trip although different modules own them (issue 16 item 3):
 * intake's checks (worker/db/reports.ts) and the delivery plan's bodies and channels
 * (worker/db/bodies.ts) are each a `BatchRead`, a statement and how its result becomes a value,
 * and the caller runs them together with `readTogether`. In production every round trip is a
 * network hop between the worker and the database; locally it is a call into D1's simulator.
 */

/** One read: its statement (none when there is nothing to ask) and how its result becomes a value. */
export interface BatchRead<T> {
  statement: D1PreparedStatement | null;
  /** Called with the statement's result, or with null when there was no statement. */
  read(result: D1Result<Record<string, unknown>> | null): T;
}

type Values<R> = { [K in keyof R]: R[K] extends BatchRead<infer T> ? T : never };

/** Runs every read of `reads` in ONE D1 batch (one round trip) and returns their values by name. */
export async function readTogether<R extends Record<string, BatchRead<unknown>>>(db: D1Database, reads: R): Promise<Values<R>> {
  const names = Object.keys(reads);
  const asked = names.filter((name) => reads[name]!.statement !== null);
  const results = asked.length ? await db.batch<Record<string, unknown>>(asked.map((name) => reads[name]!.statement!)) : [];
  const byName = new Map(asked.map((name, i) => [name, results[i]!]));
  return Object.fromEntries(names.map((name) => [name, reads[name]!.read(byName.get(name) ?? null)])) as Values<R>;
}

/** Runs one read on its own. */
export async function readOne<T>(read: BatchRead<T>): Promise<T> {
  return read.read(read.statement ? await read.statement.all<Record<string, unknown>>() : null);
}
