/**
 * Oversight triage (issue #6): /oversight pages, mounted at "" and "/en" by worker/index.ts.
 * Sign-in, invites and the account page (auth/) are open or check the session themselves; every
 * other route requires a session (and a CSRF token on POST): the inbox (inbox/), one case
 * (report/), and the body admins' users and audit log (users/). Report routes resolve the
 * report through the user's body only (worker/db/oversight.ts `loadAssigned`).
 */
import { requireUser, oversightFactory } from "../../auth/session.ts";
import { authRoutes } from "./auth/index.tsx";
import { inboxRoutes } from "./inbox/index.ts";
import { reportRoutes } from "./report/index.ts";
import { usersRoutes } from "./users/index.ts";

const inside = oversightFactory.createApp();
inside.use("*", requireUser());
inside.route("/", inboxRoutes);
inside.route("/", reportRoutes);
inside.route("/", usersRoutes);

const oversight = oversightFactory.createApp();
oversight.route("/", authRoutes);
oversight.route("/", inside);

export const oversightRoutes = oversightFactory.createApp();
oversightRoutes.route("/oversight", oversight);
