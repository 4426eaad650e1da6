/**
 * site/i18n/body-name.ts: a demo body's name carries the demo marker of the page's language, from
 * the catalogue; a name stored with the zh-CN marker (worker/db/body-sql.ts) is shown with the page's.
 */
import { describe, expect, it } from "vitest";
import { demoName, shownBodyName } from "../../site/i18n/body-name.ts";
import { storedBodyName } from "../../worker/db/body-sql.ts";

describe("demo body names", () => {
  it("mark a demo body in the page's language", () => {
    expect(demoName("zh-CN", "桂东县纪委监委")).toBe("桂东县纪委监委（演示）");
    expect(demoName("en", "桂东县纪委监委")).toBe("桂东县纪委监委 (demo)");
  });

  it("swap the stored zh-CN marker for the page's own, and leave other names alone", () => {
    const stored = storedBodyName({ name: "桂东县纪委监委", demo: true });
    expect(shownBodyName("zh-CN", stored)).toBe("桂东县纪委监委（演示）");
    expect(shownBodyName("en", stored)).toBe("桂东县纪委监委 (demo)");
    // A body that is no demo (every body of a deploy build) passes through unchanged.
    expect(shownBodyName("en", storedBodyName({ name: "桂东县纪委监委", demo: false }))).toBe("桂东县纪委监委");
    expect(shownBodyName("en", "（演示）")).toBe("（演示）");
  });
});
