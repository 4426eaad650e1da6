/**
 * The generic pieces of the worker's pages (triage, editors' desk, hand-ins, /stats, the report
 * form's filler), rendered with hono/jsx, which escapes every value. No inline script or style, so the
 * shell's CSP holds; every form posts (POST-redirect-GET or a re-render): all of it works without
 * JavaScript. Feature-only views sit beside their routes.
 */
import type { Child } from "hono/jsx";

/** The hidden CSRF field every state-changing form carries. */
export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

/** A labelled field in a paragraph: text input, textarea or select, with the label tied by id. */
export function Field({ id, label, children }: { id: string; label: string; children: Child }) {
  return (
    <p>
      <label for={id}>{label}</label>
      {children}
    </p>
  );
}

/** A one-button form that posts with the CSRF token (sign out, password reset, …). */
export const PostButton = ({
  action,
  csrf,
  label,
  ariaLabel,
  variant,
}: {
  action: string;
  csrf: string;
  label: string;
  ariaLabel?: string;
  variant?: "link";
}) => (
  <form method="post" action={action} class={variant === "link" ? "inline" : undefined}>
    <Csrf token={csrf} />
    <button type="submit" aria-label={ariaLabel} class={variant === "link" ? "link-button" : undefined}>
      {label}
    </button>
  </form>
);

/**
 * A code shown once (a report's receipt, a contribution's code): its label, then the code in
 * groups, the hyphens between them hidden from screen readers; never translated by the browser.
 */
export const ReceiptCode = ({ id, label, code }: { id: string; label: string; code: string }) => (
  <>
    <p class="receipt-label" id={id}>
      {label}
    </p>
    <p class="receipt-code" aria-labelledby={id} translate="no">
      {code.split("-").map((group, i) => (
        <>
          {i > 0 && (
            <>
              <span aria-hidden="true">-</span>
              {/* A hyphen before a digit is no line break for the browser (UAX 14, LB25): without this a code like 1ABC-2DEF-… stays on one line and overflows a phone. */}
              <wbr />
            </>
          )}
          <span class="receipt-group">{group}</span>
        </>
      ))}
    </p>
  </>
);

/** One line of an error summary: what is wrong and, when it is about a field, the id of the element it links to. */
export interface SummaryLine {
  text: string;
  field?: string;
}

interface SummaryProps {
  /**
   * What was refused («出现问题», «提交的内容有 3 处需要修改»…); none where the page's h1 already
   * says it (the generic error page, worker/lib/respond.ts).
   */
  heading?: string;
  lines: readonly SummaryLine[];
  /** 3 where the summary sits inside a section under an h2 (the editors' desk forms). */
  level?: 2 | 3;
}

/**
 * The inside of an error summary: the heading and one line per problem, a link to its field
 * where it names one (GOV.UK pattern). The built report page has the summary's box already
 * (its slot); the worker fills it with this.
 */
export const ErrorSummaryContent = ({ heading, lines, level = 2 }: SummaryProps) => (
  <>
    {heading === undefined ? null : level === 3 ? <h3>{heading}</h3> : <h2>{heading}</h2>}
    {lines.length > 0 && (
      <ul>
        {lines.map((line) => (
          <li>{line.field === undefined ? line.text : <a href={`#${line.field}`}>{line.text}</a>}</li>
        ))}
      </ul>
    )}
  </>
);

/**
 * An error summary, announced as an alert. `focusable` (tabindex -1, the default) lets focus be
 * moved to it; the hand-in form's has none in its markup (site/islands/contribute/enhance.ts sets
 * it before focusing the summary of a page it swapped in).
 */
export const ErrorSummary = ({ focusable = true, ...props }: SummaryProps & { focusable?: boolean }) => (
  <div class="error-summary" role="alert" tabindex={focusable ? -1 : undefined}>
    <ErrorSummaryContent {...props} />
  </div>
);

/** A captioned, scrollable table with column headers (body rows given as children); `hideCaption` where a heading above says the same. */
export const Table = ({
  id,
  caption,
  hideCaption,
  headers,
  children,
}: {
  id?: string;
  caption: string;
  hideCaption?: boolean;
  headers: string[];
  children: Child;
}) => (
  <div class="table-scroll">
    <table id={id}>
      <caption class={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);

/** One entry of a back-office menu: its link, its label, and whether it is the page shown. */
export interface MenuItem {
  href: string;
  label: string;
  current: boolean;
}

/**
 * The header of the signed-in back offices (triage, the editors' desk; UX 33): who is signed in,
 * a horizontal menu with the current page marked, and signing out (buttons that post).
 */
export const BackofficeHeader = ({ who, detail, label, items, signOut }: { who: string; detail: Child; label: string; items: MenuItem[]; signOut: Child }) => (
  <header class="backoffice">
    <p class="backoffice-who">
      <strong>{who}</strong>
      <span>{detail}</span>
    </p>
    <nav aria-label={label}>
      <ul class="backoffice-menu">
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={item.current ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
        <li class="backoffice-signout">{signOut}</li>
      </ul>
    </nav>
  </header>
);
