/**
 * The slots of the Astro-built report and track pages (site/pages/report/, site/pages/track/):
 * elements marked `data-<name>` that the worker fills with HTMLRewriter (`fillBuiltForm` in
 * worker/ui/shell.ts) and the report island reads or fills as one types. One list for the pages,
 * the island and the worker, so a misspelt slot fails tsc on the worker's side and the site test
 * (tests/site/form-slots.test.ts) on the pages' side.
 */
export const FORM_SLOTS = [
  "error-summary",
  "form-notice",
  "township-results",
  "township-name",
  "reach",
  "reach-submit",
  "duty-choices",
  "duty-hint-text",
  "imposer-warning",
] as const;
export type SlotName = (typeof FORM_SLOTS)[number];

/** The slots a fill gives HTML for; the error summary and the notice are drawn by the filler itself. */
export type ContentSlot = Exclude<SlotName, "error-summary" | "form-notice">;

/** The attribute that marks a slot, spread on its element: `<div {...slot("reach")}>` is `<div data-reach>`. */
export const slot = (name: SlotName) => ({ [`data-${name}`]: "" });

/** The CSS selector of a slot. */
export const slotSelector = (name: SlotName) => `[data-${name}]`;

/** The inline error of a field (`data-error-for="<field>"`), filled by the worker and by the island. */
export const errorFor = (field: string) => ({ "data-error-for": field });

/** The selector of one field's inline error, or of every field's. */
export const errorForSelector = (field?: string) => (field === undefined ? "[data-error-for]" : `[data-error-for="${field}"]`);

/** The contents of the content slots a page fill gives: trusted HTML by slot (a misspelt name fails tsc). */
export type SlotFill = Partial<Record<ContentSlot, string>>;
