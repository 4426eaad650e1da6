/**
 * Build-time pass over every page: tables labelled for narrow screens (site/lib/table-labels.ts).
 */
import { defineMiddleware } from "astro:middleware";
import { labelTableCells } from "./lib/table-labels.ts";

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get("content-type")?.startsWith("text/html")) return response;
  const html = await response.text();
  return new Response(labelTableCells(html), { status: response.status, headers: response.headers });
});
