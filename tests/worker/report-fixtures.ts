/**
 * Factories for the report-channel tests (issue #5): fresh random divisions per call, a valid
 * report body, a solved ALTCHA payload, and request helpers. No seeded ids.
 */
import { env, exports } from "cloudflare:workers";
import { createChallenge, solveChallenge } from "altcha-lib/v1";
import { TEST_SECRETS } from "../support/secrets.ts";
import { placeNameRow, placeNamesSql, placeNgramsSql } from "../../worker/db/place-rows.ts";

const digits = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");

export interface Area {
  county: string;
  township: string;
  village: string;
  townshipName: string;
}

/** A county, one township and one village in D1, with random codes and names. */
export async function makeArea(townshipName = `测${digits(4)}镇`): Promise<Area> {
  const county = `9${digits(5)}`;
  const township = `${county}101`;
  const village = `${township}201`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO divisions (code, name, level, parent_code, type) VALUES (?1, ?2, 'county', NULL, 'county')").bind(county, `测试${county}县`),
    env.DB.prepare("INSERT INTO divisions (code, name, level, parent_code, type) VALUES (?1, ?2, 'township', ?3, 'town')").bind(township, townshipName, county),
    env.DB.prepare("INSERT INTO divisions (code, name, level, parent_code, type) VALUES (?1, ?2, 'village', ?3, 'village')").bind(
      village,
      `${townshipName}一村`,
      township,
    ),
    // The place search finds the township and village as load:divisions makes them findable.
    ...placeNamesSql([placeNameRow(township, townshipName), placeNameRow(village, `${townshipName}一村`)]).map((s) => env.DB.prepare(s)),
    env.DB.prepare(placeNgramsSql(township)),
  ]);
  return { county, township, village, townshipName };
}

/** A report body that passes the schema, for `area`. */
export function validReport(area: Area, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    townshipCode: area.township,
    imposerName: "县农业农村局",
    imposerLevel: "county",
    category: "forms",
    title: "每月重复填报种植面积表",
    description: `同一组种植面积数据每月要向三个部门分别填报，格式各不相同，每次要花两天。编号${digits(6)}`,
    ...overrides,
  };
}

/** An ALTCHA payload solved against the test key (small work factor, so tests stay fast). */
export async function solvedAltcha(): Promise<string> {
  const challenge = await createChallenge({ hmacKey: TEST_SECRETS.ALTCHA_KEY, maxNumber: 50, expires: new Date(Date.now() + 600_000) });
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  return btoa(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution!.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  );
}

/** A random connecting address, so rate limits of one test never throttle another. */
export const randomAddress = () => `10.${digits(2)}.${digits(2)}.${digits(2)}`;

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return exports.default.fetch(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": randomAddress(), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The single-use token in a form page (worker/routes/report/form.tsx). */
export const formTokenIn = (html: string): string => html.match(/<input[^>]*name="formToken"[^>]*value="([^"]+)"/)?.[1] ?? "";

/** A fresh single-use token, as GET /report hands it to a browser. */
export async function freshFormToken(): Promise<string> {
  return formTokenIn(await (await exports.default.fetch("http://localhost/report")).text());
}

/**
 * Submits the no-JS form as a browser would (multipart), with optional files. A post to the report
 * form carries a fresh single-use token, as if its page had just been opened, unless `fields` has one.
 */
export async function postForm(
  path: string,
  fields: Record<string, string>,
  files: { name: string; type: string; bytes: Uint8Array }[] = [],
  address = randomAddress(),
) {
  const form = new FormData();
  if (/^(\/en)?\/report\/?$/.test(path) && !("formToken" in fields)) form.append("formToken", await freshFormToken());
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append("files", new File([f.bytes], f.name, { type: f.type }));
  return exports.default.fetch(`http://localhost${path}`, { method: "POST", body: form, headers: { "cf-connecting-ip": address } });
}

export function formFields(report: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(report).map(([k, v]) => [k, String(v)]));
}

/** The receipt code shown on a receipt page. */
export function receiptCodeIn(html: string): string {
  const groups = [
    ...(html.match(/<p class="receipt-code"[^>]*>([\s\S]*?)<\/p>/)?.[1] ?? "").matchAll(/<span class="receipt-group">([0-9A-Z]{4})<\/span>/g),
  ].map((m) => m[1]);
  return groups.join("-");
}

export const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
