/**
 * The no-JS choice of a duty item (UX 23): once the form knows the township, the code field
 * becomes a select of the township's list, grouped by part, «请选择» first, the chosen item kept
 * on a re-render. Only items the intake schema can refer to (`part:N`) are offered; without a
 * list the text field stays. With JS the island's hint sets the same select.
 */
import { t, type Lang } from "../../../site/i18n/index.ts";
import type { SlotFill } from "../../../site/lib/form-slots.ts";
import { htmlText } from "../../ui/shell.ts";
import { DUTY_PARTS } from "../../../data/schema/duty-list.ts";
import { townshipList, type DutyPart, type TownshipList } from "../../lib/duty-list.ts";

/** The items of a part the intake schema can refer to (numbered, `part:N`). */
const offered = (list: TownshipList, part: DutyPart) => (list.parts[part] ?? []).filter((item) => /^\d{1,4}$/.test(item.no));

/** The select in place of the text field: «请选择», then one group per part that has items it can name. */
function DutySelect({ lang, township, list, chosen, invalid }: { lang: Lang; township: string; list: TownshipList; chosen: string; invalid: boolean }) {
  return (
    <select
      id="field-dutyItemRef"
      name="dutyItemRef"
      data-township={township}
      aria-invalid={invalid ? "true" : undefined}
      aria-describedby="hint-dutyItemRef error-dutyItemRef"
    >
      <option value="">{t(lang, "report.select.choose")}</option>
      {DUTY_PARTS.map((part) => {
        const items = offered(list, part);
        return (
          items.length > 0 && (
            <optgroup label={t(lang, `report.duty.part.${part}`)}>
              {items.map((item) => (
                <option value={`${part}:${item.no}`} selected={`${part}:${item.no}` === chosen}>
                  {`${item.no}. ${item.name}`}
                </option>
              ))}
            </optgroup>
          )
        );
      })}
    </select>
  );
}

/** Slots of the built form: the select in place of the text field and its hint; none when the township has no list. */
export async function dutyChoiceSlots(assets: Fetcher, requestUrl: string, lang: Lang, township: string, chosen = "", invalid = false): Promise<SlotFill> {
  const list = /^\d{9}$/.test(township) ? await townshipList(assets, requestUrl, township).catch(() => null) : null;
  if (!list || !DUTY_PARTS.some((part) => offered(list, part).length > 0)) return {};
  return {
    "duty-choices": await htmlText(<DutySelect lang={lang} township={township} list={list} chosen={chosen} invalid={invalid} />),
    "duty-hint-text": await htmlText(<>{t(lang, "report.duty.hint_list")}</>),
  };
}
