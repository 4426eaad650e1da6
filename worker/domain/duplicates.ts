/**
 * Near-duplicate grouping for triage (issue #5 §5). Two reports are candidates only when they
 * concern the same township, category and imposing body (normalised name); among those, the
 * text (title + description) is compared by character-trigram Jaccard similarity, which works
 * for Chinese without word segmentation. A group id never reaches a reporter: /track shows
 * nothing about other reports, so grouping reveals no one.
 */

/** Similarity at or above which two reports are grouped. */
export const DUPLICATE_THRESHOLD = 0.6;

/** Lower case, NFKC (full-width → half-width), punctuation and whitespace removed. */
export function normaliseText(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, "");
}

/** The imposing body's name as compared: 县农业农村局 and “县 农业农村局。” are one body. */
export const normaliseBodyName = (s: string) => normaliseText(s);

export function trigrams(s: string): Set<string> {
  const chars = Array.from(normaliseText(s));
  const grams = new Set<string>();
  if (chars.length < 3) {
    if (chars.length) grams.add(chars.join(""));
    return grams;
  }
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(""));
  return grams;
}

/** Jaccard similarity of the trigram sets of two texts, 0–1. */
export function similarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  if (ga.size === 0 && gb.size === 0) return 1;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared);
}

export interface DuplicateCandidate {
  id: string;
  title: string;
  description: string;
  duplicateGroup: string | null;
}

/**
 * The group a new report joins: that of the most similar candidate above the threshold
 * (candidates are already filtered to the same township, category and body). Returns the
 * group id and whether the matched report still needs it set, or null.
 */
export function findDuplicateGroup(report: { title: string; description: string }, candidates: DuplicateCandidate[]): { group: string; matchedId: string; matchedNeedsGroup: boolean } | null {
  const text = `${report.title}\n${report.description}`;
  let best: { candidate: DuplicateCandidate; score: number } | null = null;
  for (const candidate of candidates) {
    const score = similarity(text, `${candidate.title}\n${candidate.description}`);
    if (score >= DUPLICATE_THRESHOLD && (!best || score > best.score)) best = { candidate, score };
  }
  if (!best) return null;
  const group = best.candidate.duplicateGroup ?? best.candidate.id;
  return { group, matchedId: best.candidate.id, matchedNeedsGroup: best.candidate.duplicateGroup === null };
}
