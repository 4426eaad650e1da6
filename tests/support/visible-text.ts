/** The text a reader sees of an HTML page: no scripts, styles, tags or attributes (for "no raw code, no English word" checks). */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"' })[e]!);
}

/** ASCII words the pages may show: file formats (.txt, CSV, JSON), the footer's licence and dataset (a package name), the language switch. */
const ALLOWED_WORDS = new Set(["CSV", "JSON", "txt", "Apache", "English", "App", "RSS", "china", "division"]);

/** ASCII words of 3+ letters left once the given ids (report, bodies, users) are taken out. */
export function englishWords(html: string, ids: string[] = []): string[] {
  let text = visibleText(html);
  for (const id of ids) text = text.replaceAll(id, " ");
  // A web address shown as text (an official channel's) is an address, not English prose.
  text = text.replace(/https?:\/\/[^\s<>"（）]+/g, " ");
  // An e-mail address (the operator's contact in the footer) is an address, not English prose.
  text = text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ");
  // So are generated identifiers shown as detail (random hex with digits, e.g. a factory body's name).
  text = text.replace(/[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/g, " ");
  return [...text.matchAll(/[A-Za-z]{3,}/g)].map((m) => m[0]).filter((w) => !ALLOWED_WORDS.has(w));
}
