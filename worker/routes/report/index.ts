import { factory } from "../../env.ts";
import { reportApi } from "./api.ts";
import { reportForm } from "./form.tsx";
import { reachApi } from "./reach.tsx";

/** Report intake: /api/reports, /api/evidence, the no-JS form at /report (issue #5). */
export const reportRoutes = factory.createApp();
reportRoutes.route("/", reportApi);
reportRoutes.route("/", reportForm);
reportRoutes.route("/", reachApi);
