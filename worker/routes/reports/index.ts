import { factory } from "../../env.ts";

/** Report intake: /api/reports, /api/evidence, the no-JS form at /report (issue #5). */
export const reportRoutes = factory.createApp();
