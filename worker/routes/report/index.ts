import { factory } from "../../env.ts";
import { intakeApi } from "./api.ts";
import { reportForm } from "./form.tsx";
import { reachApi } from "./reach.tsx";

/** Report intake (issue #5): the no-JS form at /report, a page (mounted at "" and "/en"). */
export const reportRoutes = reportForm;

/** Report intake's JSON API, mounted once: /api/reports, /api/reports/challenge, /api/evidence, /api/reach. */
export const reportApi = factory.createApp();
reportApi.route("/", intakeApi);
reportApi.route("/", reachApi);
