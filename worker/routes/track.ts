/** Tracking by receipt code: /track and /api/track (issue #5); the routes live in track.tsx. */
export { trackRoutes } from "./track.tsx";
