import { factory } from "../env.ts";

/** No-JS "is this my township's job?": /check/find (issue #4). */
export const checkRoutes = factory.createApp();
