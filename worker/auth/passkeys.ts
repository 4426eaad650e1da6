/**
 * Passkeys (WebAuthn) for oversight users and editors, an addition to the mandatory password + TOTP
 * (migrations/0034_passkeys.sql). Verification is @simplewebauthn/server (pure JS + WebCrypto).
 *
 * - Relying party: the request's own origin and host name (no configuration; localhost works).
 * - Challenges are stateless until used: `expiry.random.signature`, signed with SESSION_KEY over
 *   purpose, subject (the user for a registration), origin and expiry; valid CHALLENGE_TTL_MS and
 *   accepted once (the signature goes into passkey_challenges_spent). Handing out sign-in options
 *   therefore writes nothing to D1.
 * - User verification is required at registration and sign-in, so a passkey counts as two factors.
 * - The signature counter is checked by the library whenever the authenticator keeps one.
 * - Each kind of account has its own challenge purposes and passkey table: a challenge handed out
 *   by /oversight is refused by /editor and the other way round, and a credential is looked up
 *   only among its own kind's passkeys.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import { keyedHash, randomToken, safeEqual } from "./tokens.ts";
import type { PasskeyRow } from "../db/passkeys.ts";
import type { AccountKind } from "../db/accounts.ts";

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** At most this many passkeys per user. */
export const MAX_PASSKEYS = 10;
export const MAX_PASSKEY_NAME = 60;
/** ES256, EdDSA, RS256: what platform authenticators and security keys use. */
const ALGORITHMS = [-7, -8, -257];

export type ChallengePurpose = "register" | "login" | "editor-register" | "editor-login";

/** The challenge purpose of a ceremony for `kind`: oversight users keep the original names. */
export const passkeyPurpose = (kind: AccountKind, ceremony: "register" | "login"): ChallengePurpose =>
  kind.accounts === "users" ? ceremony : `editor-${ceremony}`;

/** The relying party of a request: its origin and host name (the RP ID). */
export function relyingParty(url: string): { origin: string; rpID: string } {
  const u = new URL(url);
  return { origin: u.origin, rpID: u.hostname };
}

const challengeMac = (key: string, purpose: ChallengePurpose, subject: string, origin: string, body: string) =>
  keyedHash(key, "passkey-challenge", `${purpose}:${subject}:${origin}:${body}`);

/** A new signed challenge (a string; the library sends its UTF-8 bytes). */
export async function newChallenge(key: string, purpose: ChallengePurpose, subject: string, origin: string, now = Date.now()): Promise<string> {
  const body = `${now + CHALLENGE_TTL_MS}.${randomToken()}`;
  return `${body}.${await challengeMac(key, purpose, subject, origin, body)}`;
}

export interface CheckedChallenge {
  /** The challenge as clientDataJSON carries it (base64url), for the library's comparison. */
  encoded: string;
  signature: string;
  expiresAt: number;
}

/** The challenge in a response's clientDataJSON, or null when it is not readable. */
function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const data = response.response?.clientDataJSON;
  if (typeof data !== "string" || !isoBase64URL.isBase64URL(data)) return null;
  try {
    const parsed: unknown = JSON.parse(isoBase64URL.toUTF8String(data));
    const challenge = (parsed as { challenge?: unknown }).challenge;
    return typeof challenge === "string" && isoBase64URL.isBase64URL(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/** Checks the signature and expiry of a challenge (base64url, as in clientDataJSON) issued for `purpose`, `subject` and `origin`. */
async function checkChallenge(
  key: string,
  encoded: string,
  purpose: ChallengePurpose,
  subject: string,
  origin: string,
  now = Date.now(),
): Promise<CheckedChallenge | null> {
  let text: string;
  try {
    text = isoBase64URL.toUTF8String(encoded);
  } catch {
    return null;
  }
  const match = /^(\d{13,15})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(text);
  if (!match) return null;
  const expiresAt = Number(match[1]);
  const body = `${match[1]}.${match[2]}`;
  const signature = match[3]!;
  if (!safeEqual(signature, await challengeMac(key, purpose, subject, origin, body))) return null;
  if (expiresAt <= now || expiresAt > now + CHALLENGE_TTL_MS) return null;
  return { encoded, signature, expiresAt };
}

/** A ceremony as its challenge was signed for: the kind of account, sign-in or registration, the subject (the user registering; "" for a sign-in), the page's URL (its origin). */
export interface Ceremony {
  kind: AccountKind;
  ceremony: "register" | "login";
  subject: string;
  url: string;
}

/**
 * The challenge a ceremony's response carries, checked (signed by us for this ceremony,
 * unexpired), or null. It is not spent here: the service spends it
 * (`spendChallengeSignature`, worker/db/passkeys.ts) before it verifies the response, so that a
 * challenge is good for one attempt, right or wrong; the sign-in first finds the passkey and
 * passes the rate limit, so an unknown credential writes nothing.
 */
export async function ceremonyChallenge(
  key: string,
  response: { response?: { clientDataJSON?: unknown } } | null,
  c: Ceremony,
  now = Date.now(),
): Promise<CheckedChallenge | null> {
  const encoded = response && challengeOf(response);
  return encoded ? checkChallenge(key, encoded, passkeyPurpose(c.kind, c.ceremony), c.subject, relyingParty(c.url).origin, now) : null;
}

/** Options for navigator.credentials.create(): a discoverable credential with user verification. */
export async function registrationOptions(
  key: string,
  url: string,
  user: { id: string; email: string; displayName: string },
  existing: PasskeyRow[],
  rpName: string,
  purpose: ChallengePurpose = "register",
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { origin, rpID } = relyingParty(url);
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: isoUint8Array.fromUTF8String(user.id),
    challenge: await newChallenge(key, purpose, user.id, origin),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: splitTransports(p.transports) })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    supportedAlgorithmIDs: ALGORITHMS,
    timeout: CHALLENGE_TTL_MS,
  });
}

/** Options for navigator.credentials.get(): any discoverable credential of this site, verified. */
export async function authenticationOptions(key: string, url: string, purpose: ChallengePurpose = "login"): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { origin, rpID } = relyingParty(url);
  return generateAuthenticationOptions({
    rpID,
    challenge: await newChallenge(key, purpose, "", origin),
    userVerification: "required",
    timeout: CHALLENGE_TTL_MS,
  });
}

const splitTransports = (s: string) => (s ? s.split(",") : []) as never[];

/** Parses the JSON a form carried (the browser's credential), or null. */
export function parseCredential<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(json: string): T | null {
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object") return null;
    const v = value as { id?: unknown; type?: unknown; response?: unknown };
    if (typeof v.id !== "string" || !isoBase64URL.isBase64URL(v.id) || v.type !== "public-key" || !v.response || typeof v.response !== "object") return null;
    return value as T;
  } catch {
    return null;
  }
}

/** What a ceremony's response must have been made for: this challenge, origin and relying party. */
function expected(url: string, challenge: CheckedChallenge) {
  const { origin, rpID } = relyingParty(url);
  return { expectedChallenge: challenge.encoded, expectedOrigin: origin, expectedRPID: rpID };
}

/** Verifies a registration (challenge already checked and spent); the new credential, or null. */
export async function verifyRegistration(url: string, response: RegistrationResponseJSON, challenge: CheckedChallenge) {
  try {
    const result = await verifyRegistrationResponse({
      response,
      ...expected(url, challenge),
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: (response.response.transports ?? []).filter((t) => /^[a-z-]{1,20}$/.test(t)).join(","),
    };
  } catch {
    return null;
  }
}

/**
 * Verifies a sign-in assertion against a stored passkey (challenge already checked and spent):
 * signature, origin, RP ID, user presence and verification, the counter (must grow when the
 * authenticator keeps one) and the user handle. The new counter, or null.
 */
export async function verifyAssertion(
  url: string,
  response: AuthenticationResponseJSON,
  challenge: CheckedChallenge,
  passkey: PasskeyRow,
): Promise<number | null> {
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== null) {
    try {
      if (isoBase64URL.toUTF8String(handle) !== passkey.user_id) return null;
    } catch {
      return null;
    }
  }
  try {
    const result = await verifyAuthenticationResponse({
      response,
      ...expected(url, challenge),
      credential: {
        id: passkey.credential_id,
        publicKey: isoBase64URL.toBuffer(passkey.public_key),
        counter: passkey.counter,
        transports: splitTransports(passkey.transports),
      },
      requireUserVerification: true,
    });
    return result.verified && result.authenticationInfo.userVerified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}
