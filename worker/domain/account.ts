/**
 * What an account is created from, as one schema for every way in (issue 16): the users page's
 * invite form and its service (worker/services/invites.ts `inviteUser`), and `npm run admin`
 * (scripts/admin.ts: `create-admin`, `create-editor`). The messages are the invite form's i18n
 * keys; the script prints its usage instead.
 */
import { z } from "zod";
import { ROLES } from "./lifecycle.ts";

/**
 * A sign-in address: lower-cased, as the sign-in forms look it up, then well-formed (the same
 * check as the bodies' contact addresses, data/schema/oversight-body.ts).
 */
export const AccountEmail = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.email({ message: "oversight.invite.e.email" }));

/** An invite to a body: the invitee's address and one of the roles (the form's select offers no other). */
export const InviteInput = z.object({
  email: AccountEmail,
  role: z.enum(ROLES, { message: "e.required" }),
});
export type InviteInput = z.infer<typeof InviteInput>;
