/**
 * What changed between two versions of a duty list (issue #4, "list history"): items are
 * matched by name (punctuation and spaces ignored), so renumbering is not a change.
 */
import type { DutyItem, DutyList, DutyPart } from "../../data/schema/index.ts";
import { DUTY_PARTS } from "../../data/schema/index.ts";

export interface ListChange {
  kind: "added" | "removed" | "moved";
  name: string;
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
  return changes;
}
