/** robots.txt: everything public may be crawled except worker pages that hold no public content. */
import type { APIContext } from "astro";

export function GET({ site }: APIContext) {
  const lines = [
    "User-agent: *",
    "Disallow: /track",
    "Disallow: /oversight",
    "Disallow: /shell/",
    "Disallow: /check/find",
    "Allow: /",
    "",
    `Sitemap: ${new URL("/sitemap-index.xml", site).href}`,
    "",
  ];
  return new Response(lines.join("\n"), { headers: { "content-type": "text/plain; charset=utf-8" } });
}
