/**
 * Chinese full-text search of a body's reports is by character bigrams (the queries are in
 * worker/db/inbox-search.ts): the same function splits a report's text at indexing and a query.
 */

/** Lower-cased bigrams of the text's letters and digits (punctuation and spaces split words). */
export function bigrams(text: string): string[] {
  const grams = new Set<string>();
  for (const word of text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return [...grams];
}
