/**
 * The one data table of the worker's pages (triage, editors' desk, /stats), rendered with hono/jsx.
 */
import type { Child } from "hono/jsx";

/** A captioned, scrollable table with column headers (body rows given as children); `hideCaption` where a heading above says the same. */
export const Table = ({ id, caption, hideCaption, headers, children }: { id?: string; caption: string; hideCaption?: boolean; headers: string[]; children: Child }) => (
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
