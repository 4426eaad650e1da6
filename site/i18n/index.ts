/**
 * All interface strings live in one catalogue per language (STYLE.md §10): flat dotted keys,
 * kept in one file per area (common, portal, report, delivery, triage, passkey, data) and merged here.
 * zh-CN is the reference; every other language must have exactly its keys (tests/data/i18n.test.ts),
 * and `t()` throws on an unknown key, so a missing string fails the build instead of shipping.
 */
import zhCommon from "./zh-CN/common.json" with { type: "json" };
import zhData from "./zh-CN/data.json" with { type: "json" };
import zhPortal from "./zh-CN/portal.json" with { type: "json" };
import zhReport from "./zh-CN/report.json" with { type: "json" };
import zhDelivery from "./zh-CN/delivery.json" with { type: "json" };
import zhTriage from "./zh-CN/triage.json" with { type: "json" };
import zhPasskey from "./zh-CN/passkey.json" with { type: "json" };
import enCommon from "./en/common.json" with { type: "json" };
import enData from "./en/data.json" with { type: "json" };
import enPortal from "./en/portal.json" with { type: "json" };
import enReport from "./en/report.json" with { type: "json" };
import enDelivery from "./en/delivery.json" with { type: "json" };
import enTriage from "./en/triage.json" with { type: "json" };
import enPasskey from "./en/passkey.json" with { type: "json" };

const zhCN = { ...zhCommon, ...zhData, ...zhPortal, ...zhReport, ...zhDelivery, ...zhTriage, ...zhPasskey };
const en = { ...enCommon, ...enData, ...enPortal, ...enReport, ...enDelivery, ...enTriage, ...enPasskey };

export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof typeof zhCN;

const catalogues: Record<Lang, Record<string, string>> = { "zh-CN": zhCN, en };

export class MissingMessageError extends Error {
  override readonly name = "MissingMessageError";
}

/**
 * Looks up `key` in `lang` and fills `{name}` placeholders from `params`.
 * Throws when the key is missing, unless `options.fallback` is given (used for
 * open-ended codes such as zod issue codes).
 */
export function t(lang: Lang, key: string, params?: Record<string, string | number>, options?: { fallback?: string }): string {
  const template = catalogues[lang][key];
  if (template === undefined) {
    if (options?.fallback !== undefined) return options.fallback;
    throw new MissingMessageError(`i18n: missing key "${key}" for ${lang}`);
  }
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A `t` bound to one language, for templates. */
export const translator = (lang: Lang) => (key: MessageKey | (string & {}), params?: Record<string, string | number>) => t(lang, key, params);

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
