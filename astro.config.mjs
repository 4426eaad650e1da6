// @ts-check
import { defineConfig } from "astro/config";
import solid from "@astrojs/solid-js";
import sitemap from "@astrojs/sitemap";
import { createHash } from "node:crypto";
import { generateHydrationScript } from "solid-js/web";

/** Solid's inline hydration bootstrap is not hashed by Astro: allow exactly that script. */
const solidHydration = generateHydrationScript().replace(/^<script[^>]*>/, "").replace(/<\/script>[\s\S]*$/, "");
const solidHydrationHash = `sha256-${createHash("sha256").update(solidHydration).digest("base64")}`;

/** Public origin of the deployment (feeds, sitemap, canonical links). */
const site = process.env.QINGDAN_SITE ?? "http://localhost:8787";

export default defineConfig({
  site,
  srcDir: "./site",
  publicDir: "./site/public",
  // QINGDAN_OUT builds elsewhere (the benchmark), leaving dist/ to tests and `npm start`.
  outDir: process.env.QINGDAN_OUT ?? "./dist",
  // QINGDAN_ROOT builds from another copy of data/ (site/content.config.ts): its content store is
  // kept with that copy, so the project's own builds never reuse it.
  ...(process.env.QINGDAN_ROOT && { cacheDir: `${process.env.QINGDAN_ROOT}/.astro-cache` }),
  trailingSlash: "always",
  build: { format: "directory" },
  // The sitemap index lists every page but the shells (/shell/, /shell/passkey/) and search, split into files of at most 45,000 URLs (protocol limit 50,000).
  integrations: [solid(), sitemap({ filter: (page) => !/\/shell\/|\/search\/$/.test(page) })],
  markdown: { syntaxHighlight: false },
  // Inline island scripts get hashes in a CSP meta tag; header-only directives
  // (frame-ancestors etc.) come from site/public/_headers.
  security: {
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "connect-src 'self'"],
      scriptDirective: { resources: ["'self'"], hashes: [/** @type {`sha256-${string}`} */ (solidHydrationHash)] },
    },
  },
  vite: {
    // `astro dev` with the API of a running `wrangler dev` (README, "Develop").
    server: { proxy: { "/api": "http://localhost:8787" } },
  },
});
