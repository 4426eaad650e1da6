/**
 * /coverage/pending (issue 12 item 5): how many handed-in lists wait for an editor, per county,
 * rendered by the worker from D1 (the static /coverage/ pages know only data/). The count only:
 * no URL, file, note or day of a contribution is shown before an editor has decided on it.
 */
import { localePath, translator } from "../../../site/i18n/index.ts";
import { factory } from "../../env.ts";
import { html } from "../../ui/shell.ts";
import { pendingListsByCounty } from "../../db/contributions.ts";
import { PendingList } from "./views.tsx";

export const coverageRoutes = factory.createApp();

/** Counts change only when someone hands in or an editor decides: an hour of caching is plenty. */
const MAX_AGE_SECONDS = 3600;

coverageRoutes.get("/coverage/pending", async (c) => {
  const lang = c.get("lang");
  const res = await html(c, <PendingList lang={lang} counties={await pendingListsByCounty(c.env.DB)} />, { title: translator(lang)("coverage.pending.title") });
  res.headers.set("cache-control", `public, max-age=${MAX_AGE_SECONDS}`);
  return res;
});
coverageRoutes.get("/coverage/pending/", (c) => c.redirect(localePath(c.get("lang"), "/coverage/pending"), 301));
