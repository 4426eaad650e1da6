/**
 * The slots the worker fills on the built form pages (site/lib/form-slots.ts) are on those pages:
 * tsc checks the worker's side of the contract (a fill names only declared slots), this test the
 * pages' side (the test build, `npm test` builds it before vitest runs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORM_SLOTS } from "../../site/lib/form-slots.ts";

const page = (path: string) => readFileSync(`dist${path}index.html`, "utf8");
/** How many elements carry the slot's attribute (not a longer name beginning with it). */
const marks = (html: string, name: string) => html.match(new RegExp(`<[a-z]+ [^>]*\\bdata-${name}(?=[\\s>=])`, "g"))?.length ?? 0;

describe("the built form pages' slots", () => {
  for (const path of ["/report/", "/en/report/"]) {
    it(`marks every declared slot once on ${path}`, () => {
      const html = page(path);
      expect(FORM_SLOTS.filter((name) => marks(html, name) !== 1)).toEqual([]);
    });
  }

  it("marks the notice on /track/, the only slot the track page has", () => {
    const html = page("/track/");
    expect(FORM_SLOTS.filter((name) => marks(html, name) > 0)).toEqual(["form-notice"]);
  });

  it("gives every field of the report form its inline error slot", () => {
    const html = page("/report/");
    for (const field of ["townshipCode", "title", "description", "listStatus", "dutyItemRef", "publishConsent", "forwardConsent"]) {
      expect(html, field).toContain(`data-error-for="${field}"`);
    }
  });
});
