/**
 * The demo sign-in `npm start` prints: its login link is on the origin actually served, so
 * `npm start -- --port 8899` does not send the reader to :8787 (scripts/start.ts passes the origin).
 */
import { describe, expect, it } from "vitest";
import { DEMO_ADMIN, demoSignInMessage } from "../../scripts/seed-demo-users.ts";

describe("demo sign-in message", () => {
  it("links the login on the origin being served", () => {
    const text = demoSignInMessage("【演示】某县减负办", "http://localhost:8899");
    expect(text).toContain("http://localhost:8899/oversight/login");
    expect(text).not.toContain("8787");
  });

  it("names the body and every credential", () => {
    const text = demoSignInMessage("【演示】某县减负办", "http://localhost:8787");
    for (const part of ["【演示】某县减负办", "http://localhost:8787/oversight/login", DEMO_ADMIN.email, DEMO_ADMIN.password, DEMO_ADMIN.totpSecret]) {
      expect(text).toContain(part);
    }
  });
});
