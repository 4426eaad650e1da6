/**
 * What changed between two versions of a duty list (issue #4, "list history"): items are
 * matched by name (punctuation and spaces ignored), so renumbering is not a change.
 */
import type { DutyItem, DutyList, DutyPart } from "../../data/schema/index.ts";
import { DUTY_PARTS } from "../../data/schema/index.ts";

export interface ListChange {
  kind: "added" | "removed" | "moved";
  name: string;
  /** For an item moved under a new name: its name in the older version. */
  renamedFrom?: string;
  from?: DutyPart;
  to?: DutyPart;
  item: DutyItem;
}

const key = (name: string) => name.replace(/[\s，,。.、；;：:（）()“”"]/g, "");

function byName(list: DutyList): Map<string, { part: DutyPart; item: DutyItem }> {
  const out = new Map<string, { part: DutyPart; item: DutyItem }>();
  for (const part of DUTY_PARTS) for (const item of list.parts[part]) out.set(key(item.name), { part, item });
  return out;
}

/** Changes from `older` to `newer`, in the newer list's order (removed items last). */
export function diffLists(older: DutyList, newer: DutyList): ListChange[] {
  const before = byName(older);
  const after = byName(newer);
  const changes: ListChange[] = [];
  for (const [k, { part, item }] of after) {
    const was = before.get(k);
    if (!was) changes.push({ kind: "added", name: item.name, to: part, item });
    else if (was.part !== part) changes.push({ kind: "moved", name: item.name, from: was.part, to: part, item });
  }
  for (const [k, { part, item }] of before) if (!after.has(k)) changes.push({ kind: "removed", name: item.name, from: part, item });
  return pairRenamed(changes);
}

/** Character bigrams, to tell a reworded item from a new one. */
const grams = (s: string) => new Set([...key(s)].map((c, i, a) => c + (a[i + 1] ?? "")).slice(0, -1));
function similarity(a: string, b: string): number {
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return Math.max(shared / (ga.size || 1), shared / (gb.size || 1));
}

/** A removed item and an added one in another part with mostly the same wording: one item moved (and reworded). */
function pairRenamed(changes: ListChange[]): ListChange[] {
  const removed = changes.filter((c) => c.kind === "removed");
  const used = new Set<ListChange>();
  const out: ListChange[] = [];
  for (const c of changes) {
    if (c.kind === "removed") continue;
    const twin = c.kind === "added" ? removed.find((r) => !used.has(r) && r.from !== c.to && similarity(r.name, c.name) >= 0.6) : undefined;
    if (twin) {
      used.add(twin);
      out.push({ ...c, kind: "moved", from: twin.from, renamedFrom: twin.name });
    } else out.push(c);
  }
  return [...out, ...removed.filter((r) => !used.has(r))];
}
