// @ts-check
import { defineConfig } from "astro/config";
import solid from "@astrojs/solid-js";

/** Public origin of the deployment (feeds, sitemap, canonical links). */
const site = process.env.QINGDAN_SITE ?? "http://localhost:8787";

export default defineConfig({
  site,
  srcDir: "./site",
  publicDir: "./site/public",
  outDir: "./dist",
  trailingSlash: "always",
  build: { format: "directory" },
  integrations: [solid()],
  markdown: { syntaxHighlight: false },
  // Inline island scripts get hashes in a CSP meta tag; header-only directives
  // (frame-ancestors etc.) come from site/public/_headers.
  security: {
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "connect-src 'self'"],
    },
  },
  vite: {
    // `astro dev` with the API of a running `wrangler dev` (README, "Develop").
    server: { proxy: { "/api": "http://localhost:8787" } },
  },
});
