/**
 * Where an old region link goes (issue 14 item 5): a code retired by a later NBS release
 * (division_changes, from data/division-changes.yaml) and a village code's township.
 */
export interface RetiredCode {
  name: string;
  successor: string | null;
  kind: string;
  effective: string | null;
  note: string;
}

export async function retiredCode(db: D1Database, code: string): Promise<RetiredCode | null> {
  return db.prepare("SELECT name, successor_code AS successor, kind, effective, note FROM division_changes WHERE code = ?1").bind(code).first<RetiredCode>();
}

/** The township of a current village code, or null when there is no such village. */
export async function townshipOfVillage(db: D1Database, code: string): Promise<string | null> {
  const row = await db.prepare("SELECT parent_code FROM divisions WHERE code = ?1 AND level = 'village'").bind(code).first<{ parent_code: string }>();
  return row?.parent_code ?? null;
}
