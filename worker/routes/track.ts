import { factory } from "../env.ts";

/** Tracking by receipt code: /track and /api/track (issue #5). */
export const trackRoutes = factory.createApp();
