import type { D1Migration } from "@cloudflare/vitest-plugin";
import type { Secrets } from "../../worker/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends Secrets {
      /** Migrations read by vitest.config.ts and applied by tests/worker/setup.ts. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
