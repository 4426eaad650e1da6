/**
 * The desk's duplicate picker (issue 12 item 2): instead of a typed id, the same county's other
 * contributions as radio choices (day received, townships, the source's host), plus "not a
 * duplicate". A plain form: it works without JavaScript, so no typed-id fallback is needed. The
 * service refuses the contribution itself and one of another county (a crafted post).
 */
import type { Context } from "hono";
import type { CountyTownships, DuplicateCandidate } from "../../db/contributions.ts";
import { tr } from "../../ui/backoffice.tsx";
import { Csrf } from "../../ui/components.tsx";
import { townshipsLabel } from "./townships.ts";

/** At most this many township names in a choice («清泉镇、沤江镇»); more are counted. */
const NAMED_TOWNSHIPS = 3;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export function DuplicatePicker({
  c,
  action,
  csrf,
  current,
  candidates,
  place,
}: {
  c: Context;
  action: string;
  csrf: string;
  current: string | null;
  candidates: DuplicateCandidate[];
  place: CountyTownships | null;
}) {
  const t = tr(c);
  if (candidates.length === 0 && !current) return <p>{t("editor.duplicate.no_candidates")}</p>;
  return (
    <form method="post" action={action}>
      <Csrf token={csrf} />
      <fieldset id="duplicate_of">
        <legend>{t("editor.duplicate.legend")}</legend>
        <label class="choice">
          <input type="radio" name="duplicate_of" value="" checked={!current} />
          {t("editor.duplicate.none")}
        </label>
        {candidates.map((r) => (
          <label class="choice">
            <input type="radio" name="duplicate_of" value={r.id} checked={current === r.id} />
            {t("editor.duplicate.choice", { day: r.receivedOn, townships: townshipsLabel(c, r, place, NAMED_TOWNSHIPS), host: hostOf(r.url) })}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t("editor.duplicate.submit")}</button>
    </form>
  );
}
