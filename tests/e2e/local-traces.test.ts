import { existsSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { traceStoreDir } from "../../scripts/lib/wrangler-dev.ts";
import { E2E_STATE } from "../support/server.ts";

const origin = inject("origin");

describe("security L8: local development keeps no request trace store", () => {
  it("wrangler dev serves requests without writing <state>/v3/observability", async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${origin}/report?township=431027100`)).status).toBe(200);
    // The collector writes in batches; give it time to flush if it were on.
    await new Promise((r) => setTimeout(r, 3000));
    expect(existsSync(traceStoreDir(E2E_STATE))).toBe(false);
  });
});
