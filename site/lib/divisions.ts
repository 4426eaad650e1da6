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
  const wanted = process.env.QINGDAN_PROVINCES?.split(",").map((s) => s.trim()).filter(Boolean);
  const all = divisions().provinces();
  return wanted?.length ? all.filter((p) => wanted.includes(p.code)) : all;
}

/** Stable URL of a region page, made from its code. */
export const regionPath = (code: string) => `/r/${code}/`;
