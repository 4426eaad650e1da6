/**
 * The no-JS choice of a duty item (UX 23): once the form knows the township, the code field
 * becomes a select of the township's list, grouped by part, «请选择» first, the chosen item kept
 * on a re-render. Only items the intake schema can refer to (`part:N`) are offered; without a
 * list the text field stays. With JS the island's hint sets the same select.
 */
import { t, type Lang } from "../../../site/i18n/index.ts";
import { townshipList, type DutyPart } from "../../lib/duty-list.ts";
import { escapeHtml } from "./page.ts";

const PARTS: readonly DutyPart[] = ["basic", "assisting", "returned"];

/** Slots of builtPage: the select in place of the text field and its hint; none when the township has no list. */
export async function dutyChoiceSlots(assets: Fetcher, requestUrl: string, lang: Lang, township: string, chosen = "", invalid = false): Promise<Record<string, string>> {
  const list = /^\d{9}$/.test(township) ? await townshipList(assets, requestUrl, township).catch(() => null) : null;
  if (!list) return {};
  const groups = PARTS.map((part) => {
    const items = (list.parts[part] ?? []).filter((item) => /^\d{1,4}$/.test(item.no));
    if (!items.length) return "";
    const options = items.map((item) => {
      const value = `${part}:${item.no}`;
      return `<option value="${value}"${value === chosen ? " selected" : ""}>${escapeHtml(`${item.no}. ${item.name}`)}</option>`;
    });
    return `<optgroup label="${escapeHtml(t(lang, `report.duty.part.${part}`))}">${options.join("")}</optgroup>`;
  }).join("");
  if (!groups) return {};
  return {
    "duty-choices": `<select id="field-dutyItemRef" name="dutyItemRef" data-township="${township}"${invalid ? ' aria-invalid="true"' : ""} aria-describedby="hint-dutyItemRef error-dutyItemRef"><option value="">${escapeHtml(t(lang, "report.select.choose"))}</option>${groups}</select>`,
    "duty-hint-text": escapeHtml(t(lang, "report.duty.hint_list")),
  };
}
