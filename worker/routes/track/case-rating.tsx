/**
 * The reporter's rating of one body's handling on /track (security M4: one rating per body case),
 * offered once that body's case has a conclusion. A plain form per case: works without JavaScript.
 * Kept apart from TrackView so the page can place a case's form beside that case's row.
 */
import { localePath, translator, type Lang } from "../../../site/i18n/index.ts";
import { shownBodyName } from "../../../site/i18n/body-name.ts";

/** A case the reporter may rate: the body and the reporter's current rating of it, if any. */
export interface RateableCase {
  bodyId: string;
  bodyName: string;
  rating: number | null;
}

export interface CaseRatingFormProps {
  lang: Lang;
  code: string;
  case: RateableCase;
  /** Distinguishes the element ids of several forms on one page. */
  index: number;
  /** This case's rating was just stored / was refused with this message. */
  done?: boolean;
  error?: string;
}

function CaseRatingForm(props: CaseRatingFormProps) {
  const { lang, index } = props;
  const tr = translator(lang);
  // The hint above the forms (CaseRatings) describes every one of them.
  const hint = "hint-rating";
  const error = `error-rating-${index}`;
  return (
    <form method="post" action={localePath(lang, "/track")} class="rate-form" data-body={props.case.bodyId}>
      <input type="hidden" name="code" value={props.code} />
      <input type="hidden" name="action" value="rate" />
      <input type="hidden" name="body" value={props.case.bodyId} />
      <fieldset aria-describedby={props.error ? `${hint} ${error}` : hint}>
        <legend>{tr("track.rate.case_legend", { body: shownBodyName(lang, props.case.bodyName) })}</legend>
        {props.done && (
          <p class="notice" role="status">
            {tr("track.rate.done")}
          </p>
        )}
        {props.case.rating != null && (
          <p class="rate-current" data-rating={props.case.rating}>
            {tr("track.rate.current", { n: props.case.rating })}
          </p>
        )}
        {props.error && (
          <p class="field-error" id={error}>
            {props.error}
          </p>
        )}
        {([1, 2, 3, 4, 5] as const).map((n) => (
          <label>
            <input type="radio" name="rating" value={String(n)} required checked={props.case.rating === n} /> {tr(`track.rate.option.${n}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{tr("track.rate.submit")}</button>
    </form>
  );
}

export interface CaseRatingsProps {
  lang: Lang;
  code: string;
  rateable: RateableCase[];
  /** The body whose case the last rating action addressed, if any. */
  rateBody: string | null;
  done: boolean;
  error?: string;
}

/** The rating forms of every concluded case; a refusal for no rateable case (or another body) shows above them. */
export function CaseRatings(props: CaseRatingsProps) {
  const tr = translator(props.lang);
  const addressed = props.rateable.some((c) => c.bodyId === props.rateBody);
  return (
    <>
      {!addressed && props.error && (
        <p class="notice" role="alert">
          {props.error}
        </p>
      )}
      {props.rateable.length > 0 && (
        <section class="rate-cases" aria-labelledby="rate-heading">
          <h2 id="rate-heading">{tr("track.rate.legend")}</h2>
          <p class="hint" id="hint-rating">
            {tr("track.rate.hint")}
          </p>
          {props.rateable.map((c, i) => (
            <CaseRatingForm
              lang={props.lang}
              code={props.code}
              case={c}
              index={i}
              done={props.done && c.bodyId === props.rateBody}
              error={c.bodyId === props.rateBody ? props.error : undefined}
            />
          ))}
        </section>
      )}
    </>
  );
}
