import { factory } from "../../env.ts";

/** Oversight triage pages and API: /oversight, /api/oversight (issue #6). */
export const oversightRoutes = factory.createApp();
