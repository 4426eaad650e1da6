/**
 * Pages that are not there (issue 14 item 5). Static assets answer misses with nothing
 * (`not_found_handling = "none"`), so they reach the worker, which answers in the site's shell
 * and the request's language: a village code /r/<12 digits>/ is 301 to its township's page, a
 * code retired by a later NBS release is 301 to its successor or 410 when it has none, and
 * everything else is 404 with a place search and a way home.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { html, type View } from "../ui/shell.ts";
import { retiredCode, townshipOfVillage, type RetiredCode } from "../db/division-changes.ts";
import { localePath, translator, type Lang } from "../../site/i18n/index.ts";

/** A region page path: /r/<code>/ and what follows it (/history/). Region pages exist in Chinese only. */
const REGION_PATH = /^\/r\/(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})(\/.*)?$/;

export async function pageMissing(c: Context<AppEnv>): Promise<Response> {
  const path = new URL(c.req.url).pathname;
  const region = REGION_PATH.exec(path);
  if (region && (c.req.method === "GET" || c.req.method === "HEAD")) {
    const code = region[1]!;
    if (code.length === 12) {
      const township = await townshipOfVillage(c.env.DB, code);
      if (township) return c.redirect(`/r/${township}/`, 301);
    }
    const retired = await retiredCode(c.env.DB, code);
    if (retired?.successor) return c.redirect(`/r/${retired.successor}/`, 301);
    if (retired) return missingPage(c, 410, <Retired lang={c.get("lang")} code={code} retired={retired} />);
  }
  return missingPage(c, 404, <NotFound lang={c.get("lang")} />);
}

async function missingPage(c: Context<AppEnv>, status: 404 | 410, view: View): Promise<Response> {
  const t = translator(c.get("lang"));
  const title = t(status === 410 ? "missing.retired.title" : "missing.title");
  return html(c, view, { title, status });
}

function WayOn({ lang }: { lang: Lang }) {
  const t = translator(lang);
  return (
    <>
      <form method="get" action={localePath(lang, "/search/")} role="search" class="search-form">
        <label for="q">{t("missing.search")}</label>
        <input id="q" name="q" type="search" lang="zh-CN" autocomplete="off" />
        <button type="submit">{t("portal.search.submit")}</button>
      </form>
      <p>
        <a href={localePath(lang, "/")}>{t("missing.home")}</a> · {t("missing.browse")}
      </p>
    </>
  );
}

function NotFound({ lang }: { lang: Lang }) {
  const t = translator(lang);
  return (
    <article data-testid="not-found">
      <h1>{t("missing.title")}</h1>
      <p>{t("missing.body")}</p>
      <WayOn lang={lang} />
    </article>
  );
}

function Retired({ lang, code, retired }: { lang: Lang; code: string; retired: RetiredCode }) {
  const t = translator(lang);
  return (
    <article data-testid="retired-code">
      <h1>{t("missing.retired.title")}</h1>
      <p>{t("missing.retired.body", { name: retired.name, code })}</p>
      {retired.effective && <p>{t("missing.retired.effective", { date: retired.effective })}</p>}
      <p lang="zh-CN">{t("missing.retired.note", { note: retired.note })}</p>
      <WayOn lang={lang} />
    </article>
  );
}
