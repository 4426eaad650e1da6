/** Coverage per province, prefecture and county as JSON (schema: /data/schema/coverage.json). */
import { coverageData } from "../../lib/coverage-data.ts";

export async function GET() {
  return new Response(JSON.stringify(await coverageData()), { headers: { "content-type": "application/json; charset=utf-8" } });
}
