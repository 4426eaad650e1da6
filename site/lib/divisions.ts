/**
 * The build's view of the division data: loaded once per build (shared, not per page).
 * `QINGDAN_PROVINCES` (comma-separated province codes, e.g. "43,32") limits the pages built,
 * so tests can build a subset; unset, the whole country is built.
 */
import { loadDivisions, type DivisionIndex } from "../../data/divisions.ts";
import type { Division } from "../../data/schema/division.ts";

let index: DivisionIndex | undefined;

export function divisions(): DivisionIndex {
  return (index ??= loadDivisions());
}

export function selectedProvinces(): Division[] {
  const wanted = process.env.QINGDAN_PROVINCES?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const all = divisions().provinces();
  return wanted?.length ? all.filter((p) => wanted.includes(p.code)) : all;
}

/** Stable URL of a region page, made from its code. */
export const regionPath = (code: string) => `/r/${code}/`;

/** Codes of every region page in the selected provinces (province → township), in code order. */
export function regionPaths(): string[] {
  const prefixes = selectedProvinces().map((p) => p.code);
  const inScope = (code: string) => prefixes.some((p) => code.startsWith(p));
  return (["province", "prefecture", "county", "township"] as const)
    .flatMap((level) => divisions().all(level))
    .map((d) => d.code)
    .filter(inScope)
    .sort();
}

/** Whether a code lies in the provinces being built (links outside the subset are not rendered as links in tests). */
export function inSelection(code: string): boolean {
  return selectedProvinces().some((p) => code.startsWith(p.code));
}
