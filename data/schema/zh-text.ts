/**
 * What a Chinese page must not show: English prose and this project's internal vocabulary.
 * Pure, shared by `npm run check:data` (data fields) and the HTML scan of the built pages.
 *
 * English prose is three or more English words in a row, where only spaces, digits and ASCII
 * punctuation stand between them (a Chinese character or Chinese punctuation ends the run).
 * Not prose: URLs, e-mail addresses, host names and paths, document numbers (removed first), and names: a run whose
 * words are all capitalised, joined at most by of/and/the/for/in/on/de ("South China Morning Post").
 */

const URL_OR_HOST = /\bhttps?:\/\/[^\s"'<>）)，。]+|\b(?:[a-z0-9-]+\.)+(?:cn|com|org|net|gov|edu|io)\b(?:\/[^\s"'<>）)，。]*)?/gi;
/** E-mail addresses (contact@example.org): not prose. */
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Paths such as /data/county/<code>.json: file locations, not prose. */
const PATH = /\/?(?:[\w<>{}.-]+\/)+[\w<>{}.-]*/g;
/** Latin words with only spaces, digits and ASCII punctuation between them. */
const LATIN_RUN = /[A-Za-z][A-Za-z'’-]*(?:[\s\d!-/:-@[-`{-~]+[A-Za-z][A-Za-z'’-]*)*/g;
const WORD = /[A-Za-z][A-Za-z'’-]*/g;
const NAME_JOINERS = new Set(["of", "and", "the", "for", "in", "on", "de", "&"]);

/** The number of English words a run must reach to count as prose. */
export const PROSE_WORDS = 3;

const isName = (words: string[]) => /^[A-Z]/.test(words[0]!) && /^[A-Z]/.test(words.at(-1)!) && words.every((w) => /^[A-Z]/.test(w) || NAME_JOINERS.has(w));

/** Runs of English prose in `text` (empty when there is none); `exempt` strings (document numbers) are removed first. */
export function englishProse(text: string, exempt: readonly string[] = []): string[] {
  let rest = text.replace(EMAIL, " ").replace(URL_OR_HOST, " ").replace(PATH, " ");
  for (const e of exempt) if (e) rest = rest.split(e).join(" ");
  const found: string[] = [];
  for (const [run] of rest.matchAll(LATIN_RUN)) {
    const words = run.match(WORD) ?? [];
    if (words.length >= PROSE_WORDS && !isName(words)) found.push(run.trim());
  }
  return found;
}

/**
 * Words of the project's own workflow that mean nothing to a reader: the seed articles, the
 * project's files and notes of what a transcriber read. «种子» alone is a legitimate word (农作物种子),
 * so only its workflow compounds are listed.
 */
const INTERNAL: readonly [RegExp, string][] = [
  [/\bseeds?\b/i, "seed"],
  [/种子(?:摘要|文章|报道|材料|稿|文本|资料|来源)/, "种子…"],
  [/\b(?:SOURCES(?:-\d{4}-\d{2})?|DOMAIN|STYLE|README)(?:\.md)?\b/, "a project file"],
  [/\b[\w-]+\.(?:md|ya?ml|tsx?|astro|mjs)\b/i, "a file name"],
  [/\b(?:data|scripts|site|worker|tests|docs)\/[\w./-]+/, "a project path"],
  [/\bnpm run\b/, "npm run"],
  [/所[读见]的?(?:文本|材料|原文|稿件)/, "«所读文本»"],
  [/按\s*SOURCES/, "«按 SOURCES.md»"],
  [/\b(?:TODO|FIXME|TBD)\b/, "a to-do marker"],
];

/** Internal words in `text`, each as the label of what was found. */
export function internalWords(text: string): string[] {
  const rest = text.replace(URL_OR_HOST, " ");
  return INTERNAL.filter(([pattern]) => pattern.test(rest)).map(([, label]) => label);
}

/** Pieces of text between Chinese punctuation: where one field's text ends inside a page's sentence. */
export const clauses = (text: string) => text.split(/[，。；：、！？（）《》「」“”]/).filter((c) => c.trim());

/** Whether `text` prints the raw word `unknown` (dates that may be `unknown` are formatted, never printed). */
export const printsUnknown = (text: string) => /\bunknown\b/i.test(text);
