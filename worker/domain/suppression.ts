/**
 * Small-cell suppression for the public figures (issue #6 §8). Tables are one-dimensional
 * (per body, per area, per category, per month; never their cross-products), each with a
 * published total. A count under MIN_CELL is suppressed (primary); if a table then has exactly
 * one suppressed cell, the total minus the other cells would reveal it, so the smallest
 * published cell is suppressed too (secondary). A total under MIN_CELL suppresses the table.
 */
// The privacy notice states it (worker/domain/data-policy.ts).
import { MIN_CELL } from "./data-policy.ts";
export { MIN_CELL };

export interface Cell {
  key: string;
  count: number;
}
export interface PublishedCell {
  key: string;
  /** null when suppressed. */
  count: number | null;
  suppressed: "primary" | "secondary" | null;
}
export interface PublishedTable {
  cells: PublishedCell[];
  total: number | null;
}

export function suppress(cells: Cell[], min = MIN_CELL): PublishedTable {
  const total = cells.reduce((s, c) => s + c.count, 0);
  if (total < min) return { total: null, cells: cells.map((c) => ({ key: c.key, count: null, suppressed: "primary" })) };
  const out: PublishedCell[] = cells.map((c) =>
    c.count < min && c.count > 0 ? { key: c.key, count: null, suppressed: "primary" } : { key: c.key, count: c.count, suppressed: null },
  );
  const hidden = () => out.filter((c) => c.suppressed).length;
  // Zero cells are published as 0 (no one to reveal), but they cannot protect a suppressed cell.
  while (hidden() === 1) {
    const candidates = out.filter((c) => !c.suppressed && c.count! > 0).sort((a, b) => a.count! - b.count! || a.key.localeCompare(b.key));
    const next = candidates[0];
    if (!next) break;
    next.count = null;
    next.suppressed = "secondary";
  }
  return { total, cells: out };
}
