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
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, "");
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

/** The group a new report joins, given the matched candidate: its group, or its id when it has none. */
function joinGroup(best: { id: string; duplicateGroup: string | null } | null): { group: string; matchedId: string; matchedNeedsGroup: boolean } | null {
  if (!best) return null;
  return { group: best.duplicateGroup ?? best.id, matchedId: best.id, matchedNeedsGroup: best.duplicateGroup === null };
}

/** The candidate scoring highest at or above the threshold, or null. */
function bestMatch<C>(candidates: C[], score: (c: C) => number): C | null {
  let best: { candidate: C; score: number } | null = null;
  for (const candidate of candidates) {
    const s = score(candidate);
    if (s >= DUPLICATE_THRESHOLD && (!best || s > best.score)) best = { candidate, score: s };
  }
  return best?.candidate ?? null;
}

/**
 * The group a new report joins: that of the most similar candidate above the threshold
 * (candidates are already filtered to the same township, category and body). Returns the
 * group id and whether the matched report still needs it set, or null.
 */
export function findDuplicateGroup(report: { title: string; description: string }, candidates: DuplicateCandidate[]) {
  const text = `${report.title}\n${report.description}`;
  return joinGroup(bestMatch(candidates, (c) => similarity(text, `${c.title}\n${c.description}`)));
}

/*
 * Signatures (migrations/0014): what intake stores instead of re-reading whole texts. A text's
 * signature is its trigram set with each trigram replaced by a keyed 32-bit hash (FNV-1a from a
 * seed derived from the server's key), sorted; the Jaccard similarity of two signatures is that
 * of the trigram sets (up to hash collisions, about 1 in 4 billion per pair of trigrams). The
 * body is looked up by a keyed hash of its normalised name. Neither holds readable text.
 */

/** A keyed 32-bit hash of one trigram (FNV-1a over its UTF-16 code units, from `seed`). */
function gramHash(gram: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < gram.length; i++) h = Math.imul(h ^ gram.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** The signature of a report's text: sorted distinct gram hashes. */
export function textSignature(report: { title: string; description: string }, seed: number): number[] {
  const hashes = new Set<number>();
  for (const g of trigrams(`${report.title}\n${report.description}`)) hashes.add(gramHash(g, seed));
  return [...hashes].sort((a, b) => a - b);
}

/**
 * The keys of signatures, from the server's keyed hash (`hashSecret` of worker/domain/receipt.ts
 * under the current receipt key): the gram seed and the body's lookup key.
 */
export function signatureKeys(keyedHash: (purpose: string, value: string) => string) {
  return {
    seed: parseInt(keyedHash("duplicate-grams", "seed").slice(0, 8), 16),
    bodyKey: (imposerName: string) => keyedHash("duplicate-body", normaliseBodyName(imposerName)),
  };
}

export const encodeSignature = (hashes: number[]) => hashes.map((h) => h.toString(16).padStart(8, "0")).join("");

export function decodeSignature(hex: string): number[] {
  const hashes: number[] = [];
  for (let i = 0; i + 8 <= hex.length; i += 8) hashes.push(parseInt(hex.slice(i, i + 8), 16));
  return hashes;
}

/** Jaccard similarity of two sorted signatures, 0–1 (as `similarity` of the texts). */
export function signatureSimilarity(a: number[], b: number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) (shared++, i++, j++);
    else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

export interface SignatureCandidate {
  id: string;
  grams: string;
  duplicateGroup: string | null;
}

/** As `findDuplicateGroup`, on stored signatures (same township, category and body already). */
export function findDuplicateBySignature(signature: number[], candidates: SignatureCandidate[]) {
  return joinGroup(bestMatch(candidates, (c) => signatureSimilarity(signature, decodeSignature(c.grams))));
}
