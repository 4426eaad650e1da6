/**
 * Official hosts besides *.gov.cn (data/official-domains.yaml), for the worker: the hand-in form
 * tells a contributor whether their URL is on a government host with the same rule as the data
 * check (data/schema/provenance.ts isOfficialUrl), reading this file through ASSETS.
 */
import { loadOfficialHosts } from "../../../data/official-domains.ts";

export function GET() {
  return new Response(JSON.stringify({ hosts: loadOfficialHosts() }), { headers: { "content-type": "application/json; charset=utf-8" } });
}
