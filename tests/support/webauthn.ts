/**
 * A software passkey for worker tests: an ES256 key pair made with WebCrypto that answers
 * registration ("none" attestation) and sign-in options the way a browser and authenticator would,
 * as the JSON @simplewebauthn/browser produces. Flags, counter and origin can be bent to test refusals.
 */
import { base64url as b64url } from "../../worker/auth/tokens.ts";

const enc = new TextEncoder();
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};
const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** Minimal CBOR (RFC 8949) for what attestation needs: small ints, byte and text strings, maps. */
function cbor(value: number | string | Uint8Array | Map<number | string, unknown>): Uint8Array {
  const head = (major: number, n: number) =>
    n < 24 ? new Uint8Array([(major << 5) | n]) : n < 256 ? new Uint8Array([(major << 5) | 24, n]) : new Uint8Array([(major << 5) | 25, n >> 8, n & 255]);
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return concat(head(3, enc.encode(value).length), enc.encode(value));
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  return concat(head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v as never)]));
}

/** A raw (r || s) P-256 signature as ASN.1 DER, as authenticators send it. */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.slice(i);
    return v[0]! & 0x80 ? concat(new Uint8Array([0]), v) : v;
  };
  const r = int(raw.slice(0, 32));
  const s = int(raw.slice(32));
  const body = concat(new Uint8Array([2, r.length]), r, new Uint8Array([2, s.length]), s);
  return concat(new Uint8Array([0x30, body.length]), body);
}

export interface CeremonyOptions {
  /** The page's origin as the browser reports it (default https://localhost). */
  origin?: string;
  /** Omit user verification (the UV flag) from the authenticator data. */
  unverified?: boolean;
  /** Sign with this counter instead of the next one. */
  counter?: number;
}

export class SoftPasskey {
  readonly id = crypto.getRandomValues(new Uint8Array(16));
  counter = 0;
  userHandle = "";
  private readonly keys: CryptoKeyPair;
  private constructor(keys: CryptoKeyPair) {
    this.keys = keys;
  }

  static async create(): Promise<SoftPasskey> {
    return new SoftPasskey((await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair);
  }

  get credentialId(): string {
    return b64url(this.id);
  }

  private clientData(type: string, challenge: string, origin: string) {
    return enc.encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private async authData(rpId: string, flags: number, counter: number, attested?: Uint8Array) {
    return concat(await sha256(enc.encode(rpId)), new Uint8Array([flags]), u32(counter), attested ?? new Uint8Array());
  }

  /** Answers registration options (PublicKeyCredentialCreationOptionsJSON) with a RegistrationResponseJSON. */
  async register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, o: CeremonyOptions = {}) {
    const origin = o.origin ?? "https://localhost";
    const rpId = options.rp.id ?? new URL(origin).hostname;
    this.userHandle = options.user.id;
    const jwk = (await crypto.subtle.exportKey("jwk", this.keys.publicKey)) as JsonWebKey;
    const cose = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, fromB64url(jwk.x!)],
        [-3, fromB64url(jwk.y!)],
      ]),
    );
    const attested = concat(new Uint8Array(16), new Uint8Array([0, this.id.length]), this.id, cose);
    const authData = await this.authData(rpId, 0x01 | (o.unverified ? 0 : 0x04) | 0x40, o.counter ?? this.counter, attested);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return this.credential({
      clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, origin)),
      attestationObject: b64url(attestationObject),
      transports: ["internal" as const],
    });
  }

  /** Answers sign-in options (PublicKeyCredentialRequestOptionsJSON) with an AuthenticationResponseJSON. */
  async authenticate(options: { challenge: string; rpId?: string }, o: CeremonyOptions = {}) {
    const origin = o.origin ?? "https://localhost";
    const rpId = options.rpId ?? new URL(origin).hostname;
    const counter = o.counter ?? ++this.counter;
    const authData = await this.authData(rpId, 0x01 | (o.unverified ? 0 : 0x04), counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, origin);
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, signed as Uint8Array<ArrayBuffer>));
    return this.credential({
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(derSignature(raw)),
      userHandle: this.userHandle || undefined,
    });
  }

  /** The PublicKeyCredential JSON around a ceremony's response. */
  private credential<R>(response: R) {
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      clientExtensionResults: {},
      authenticatorAttachment: "platform" as const,
      response,
    };
  }
}
