/** JSON Schema of each open-data format, generated from the zod schemas (site/lib/open-data.ts). */
import type { APIContext, GetStaticPaths } from "astro";
import { z } from "zod";
import { OPEN_SCHEMAS } from "../../../lib/open-data.ts";

export const getStaticPaths = (() => Object.keys(OPEN_SCHEMAS).map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export function GET({ params }: APIContext) {
  const schema = OPEN_SCHEMAS[params.name as keyof typeof OPEN_SCHEMAS];
  const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return new Response(JSON.stringify(json, null, 2), { headers: { "content-type": "application/schema+json" } });
}
