/**
 * All interface strings live in one catalogue per language (STYLE.md §10): flat dotted keys,
 * kept in one file per area (common, portal, report, delivery, oversight, passkey, data, labels, about, errors, contribute, editor) and merged here.
 * Domain codes (category, status, level…) have ONE key each in labels.json, reached through label().
 * zh-CN is the reference; every other language must have exactly its keys (tests/data/i18n.test.ts),
 * and `t()` throws on an unknown key, so a missing string fails the build instead of shipping.
 */
import { fill } from "./fill.ts";
import zhCommon from "./zh-CN/common.json" with { type: "json" };
import zhData from "./zh-CN/data.json" with { type: "json" };
import zhPortal from "./zh-CN/portal.json" with { type: "json" };
import zhReport from "./zh-CN/report.json" with { type: "json" };
import zhDelivery from "./zh-CN/delivery.json" with { type: "json" };
import zhOversight from "./zh-CN/oversight.json" with { type: "json" };
import zhPasskey from "./zh-CN/passkey.json" with { type: "json" };
import zhLabels from "./zh-CN/labels.json" with { type: "json" };
import zhContribute from "./zh-CN/contribute.json" with { type: "json" };
import zhAbout from "./zh-CN/about.json" with { type: "json" };
import zhErrors from "./zh-CN/errors.json" with { type: "json" };
import zhEditor from "./zh-CN/editor.json" with { type: "json" };
import enCommon from "./en/common.json" with { type: "json" };
import enData from "./en/data.json" with { type: "json" };
import enPortal from "./en/portal.json" with { type: "json" };
import enReport from "./en/report.json" with { type: "json" };
import enDelivery from "./en/delivery.json" with { type: "json" };
import enOversight from "./en/oversight.json" with { type: "json" };
import enPasskey from "./en/passkey.json" with { type: "json" };
import enLabels from "./en/labels.json" with { type: "json" };
import enContribute from "./en/contribute.json" with { type: "json" };
import enAbout from "./en/about.json" with { type: "json" };
import enErrors from "./en/errors.json" with { type: "json" };
import enEditor from "./en/editor.json" with { type: "json" };

const zhCN = {
  ...zhCommon,
  ...zhData,
  ...zhPortal,
  ...zhReport,
  ...zhDelivery,
  ...zhOversight,
  ...zhPasskey,
  ...zhLabels,
  ...zhContribute,
  ...zhAbout,
  ...zhErrors,
  ...zhEditor,
};
const en = {
  ...enCommon,
  ...enData,
  ...enPortal,
  ...enReport,
  ...enDelivery,
  ...enOversight,
  ...enPasskey,
  ...enLabels,
  ...enContribute,
  ...enAbout,
  ...enErrors,
  ...enEditor,
};

export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
type CatalogueKey = keyof typeof zhCN;
/** A plural message is stored as `key.one` / `key.other` and asked for as `key` with a `count`. */
type PluralKey = CatalogueKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;
export type MessageKey = CatalogueKey | PluralKey;
export type Params = Record<string, string | number>;

const catalogues: Record<Lang, Record<string, string>> = { "zh-CN": zhCN, en };

export class MissingMessageError extends Error {
  override readonly name = "MissingMessageError";
}

const pluralRules = Object.fromEntries(LANGS.map((lang) => [lang, new Intl.PluralRules(lang)])) as Record<Lang, Intl.PluralRules>;

/** The template of `key`, or of its plural form for `params.count` (`key.one`, `key.other`). */
function template(lang: Lang, key: string, params?: Params): string | undefined {
  const catalogue = catalogues[lang];
  if (catalogue[key] !== undefined) return catalogue[key];
  if (typeof params?.count !== "number") return undefined;
  return catalogue[`${key}.${pluralRules[lang].select(params.count)}`] ?? catalogue[`${key}.other`];
}

/**
 * Looks up `key` in `lang` and fills `{name}` placeholders from `params`; a plural key picks its
 * form from `params.count` through Intl.PluralRules. Throws when the key is missing, unless
 * `options.fallback` is given (used for open-ended codes such as zod issue codes).
 */
export function t(lang: Lang, key: string, params?: Params, options?: { fallback?: string }): string {
  const found = template(lang, key, params);
  if (found === undefined) {
    if (options?.fallback !== undefined) return options.fallback;
    throw new MissingMessageError(`i18n: missing key "${key}" for ${lang}`);
  }
  return params ? fill(found, params) : found;
}

/** A `t` bound to one language, for templates. Keys are checked by tsc: a typo does not compile. */
export const translator = (lang: Lang) => (key: MessageKey, params?: Params) => t(lang, key, params);

/** The path of the same page in the other language (zh-CN at /, English at /en/). */
export function localePath(lang: Lang, path: string): string {
  const bare = path.replace(/^\/en(?=\/|$)/, "") || "/";
  return lang === "en" ? `/en${bare === "/" ? "/" : bare}` : bare;
}

/** Formats a number the way the language expects (thousands separators). */
export const formatNumber = (lang: Lang, n: number) => new Intl.NumberFormat(lang).format(n);

export function allKeys(lang: Lang): string[] {
  return Object.keys(catalogues[lang]);
}
