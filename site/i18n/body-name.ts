/**
 * A demo oversight body's name carries the demo marker of the page's language («名称（演示）»,
 * "name (demo)"), from the catalogue (`site.demo_name`). D1 stores a demo body's name with the
 * zh-CN marker (worker/db/body-sql.ts storedBodyName), as the zh-CN pages, emails and digests show
 * it; a page in another language swaps that marker for its own (shownBodyName) where it prints a
 * stored name. A deploy build loads no demo body, so there every name passes through unchanged.
 */
import { t, type Lang } from "./index.ts";

/** `name` with the demo marker of `lang`. */
export const demoName = (lang: Lang, name: string): string => t(lang, "site.demo_name", { name });

/** What the zh-CN template puts before the name (nothing today) and after it («（演示）»). */
const [before = "", after = ""] = demoName("zh-CN", "\u0000").split("\u0000");

/** A body name as D1 stores it, for a page in `lang`: a demo body's zh-CN marker becomes the page's own. */
export function shownBodyName(lang: Lang, stored: string): string {
  const marked = stored.length > before.length + after.length && stored.startsWith(before) && stored.endsWith(after);
  return lang === "zh-CN" || !marked ? stored : demoName(lang, stored.slice(before.length, stored.length - after.length));
}
