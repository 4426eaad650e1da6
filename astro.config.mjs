// @ts-check
import { defineConfig } from "astro/config";
import solid from "@astrojs/solid-js";
import sitemap from "@astrojs/sitemap";

/** Public origin of the deployment (feeds, sitemap, canonical links). */
const site = process.env.QINGDAN_SITE ?? "http://localhost:8787";

export default defineConfig({
  site,
  srcDir: "./site",
  publicDir: "./site/public",
  outDir: "./dist",
  trailingSlash: "always",
  build: { format: "directory" },
  // The sitemap index lists every page, split into files of at most 45,000 URLs (protocol limit 50,000).
  integrations: [solid(), sitemap({ filter: (page) => !/\/(shell|search)\/$/.test(page) })],
  markdown: { syntaxHighlight: false },
  // Inline island scripts get hashes in a CSP meta tag; header-only directives
  // (frame-ancestors etc.) come from site/public/_headers.
  security: {
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "connect-src 'self'"],
      // Pagefind's search runs as WebAssembly, which needs 'wasm-unsafe-eval' (no JS eval).
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
    },
  },
  vite: {
    // `astro dev` with the API of a running `wrangler dev` (README, "Develop").
    server: { proxy: { "/api": "http://localhost:8787" } },
  },
});
