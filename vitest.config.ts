/**
 * Three test projects:
 *  - node:   data model, divisions, importer, data check, site build output, the repository's own checks (Node 24)
 *  - worker: the Hono worker inside workerd with real D1 migrations (@cloudflare/vitest-plugin)
 *  - e2e:    browser tests (playwright-core + Debian chromium) against `wrangler dev`
 */
import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { TEST_SECRETS } from "./tests/support/secrets.ts";
import { encryptedPdfs } from "./tests/support/encrypted-pdfs.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  const encrypted = await encryptedPdfs();
  return {
    test: {
      projects: [
        {
          test: {
            name: "node",
            include: ["tests/data/**/*.test.ts", "tests/site/**/*.test.ts", "tests/scripts/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
            hookTimeout: 600_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { ...TEST_SECRETS, TEST_MIGRATIONS: migrations, TEST_ENCRYPTED_PDFS: encrypted } },
            }),
          ],
          test: { name: "worker", include: ["tests/worker/**/*.test.ts"], setupFiles: ["tests/worker/setup.ts"], testTimeout: 60_000 },
        },
        {
          test: {
            name: "e2e",
            include: ["tests/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["tests/e2e/global-setup.ts"],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 300_000,
          },
        },
      ],
    },
  };
});
