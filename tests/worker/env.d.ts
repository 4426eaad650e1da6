import type { D1Migration } from "@cloudflare/vitest-plugin";
import type { Secrets } from "../../worker/env.ts";
import type { EncryptedPdfs } from "../support/encrypted-pdfs.ts";

declare global {
  namespace Cloudflare {
    interface Env extends Secrets {
      /** Migrations read by vitest.config.ts and applied by tests/worker/setup.ts. */
      TEST_MIGRATIONS: D1Migration[];
      /** qpdf-encrypted PDFs (base64) made by tests/support/encrypted-pdfs.ts. */
      TEST_ENCRYPTED_PDFS: EncryptedPdfs;
    }
  }
}
