import { factory } from "../env.ts";

/** Public response figures: /stats and /api/stats (issue #6). */
export const statsRoutes = factory.createApp();
