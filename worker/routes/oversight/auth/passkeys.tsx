/** Oversight users' passkeys (worker/routes/account/passkeys.tsx), under /oversight, audited in the body's log (the user carries it). */
import type { Context } from "hono";
import { requireUser, type OversightEnv } from "../../../auth/session.ts";
import { OVERSIGHT_ACCOUNTS } from "../../../db/accounts.ts";
import { passkeyAccountRoutes } from "../../account/passkeys.tsx";
import { Nav, opath } from "../views.tsx";

/** Oversight users' passkeys, under /oversight. */
export const passkeyRoutes = passkeyAccountRoutes({
  kind: OVERSIGHT_ACCOUNTS,
  require: requireUser,
  path: opath,
  holder: (c: Context<OversightEnv>) => c.get("user"),
  nav: (c: Context<OversightEnv>) => <Nav c={c} />,
});
