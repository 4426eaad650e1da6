/**
 * PDFs encrypted with an empty user password (common for published government files: they
 * open without a prompt but forbid copying or printing) are decrypted here, before the
 * pre-scan, into a plain file: every string becomes a hex string of its plaintext and every
 * stream its plaintext data. The Standard security handler, revisions 2–4 (RC4 or AES-128) and
 * 5–6 (AES-256), with pure-JS ciphers. A file that needs a real password is refused
 * ("encrypted": the reporter is asked for a screenshot instead).
 */
import { cbc } from "@noble/ciphers/aes.js";
import { md5 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { EvidenceRejectedError, concat } from "./errors.ts";
import { PDF_LIMITS } from "./pdf-scan.ts";
import { Reader, Ref, Str, nameOf, streamRange, type Dict, type Value } from "./pdf-syntax.ts";

const PAD = bytesOf("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a");
const needsPassword = () => new EvidenceRejectedError("encrypted");

/** Whether the file declares encryption (its trailer or cross-reference stream names an /Encrypt). */
export const isEncrypted = (s: string) => /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(s);

interface RawObject {
  num: number;
  gen: number;
  value: Value;
  strings: Str[];
  stream?: { start: number; end: number };
}

type Cipher = (data: Uint8Array, num: number, gen: number, isString: boolean) => Uint8Array;

export function decryptPdf(bytes: Uint8Array, s: string): Uint8Array {
  const objects = rawObjects(s);
  const trailer = trailerWithEncrypt(s, objects);
  const encryptValue = trailer.get("Encrypt");
  const encryptObject = encryptValue instanceof Ref ? objects.find((o) => o.num === encryptValue.num) : undefined;
  const encrypt = encryptObject ? encryptObject.value : encryptValue;
  if (!(encrypt instanceof Map) || nameOf(encrypt.get("Filter")) !== "Standard") throw needsPassword();
  const ids = trailer.get("ID");
  const id = Array.isArray(ids) && ids[0] instanceof Str ? ids[0].value : "";
  const cipher = standardCipher(encrypt, id);
  const encryptMetadata = encrypt.get("EncryptMetadata") !== false;

  const parts: Uint8Array[] = [];
  let at = 0;
  const replace = (start: number, end: number, data: Uint8Array) => {
    parts.push(bytes.subarray(at, start), data);
    at = end;
  };
  for (const object of objects) {
    if (object === encryptObject) continue;
    const dict = object.value instanceof Map ? object.value : null;
    const type = nameOf(dict?.get("Type"));
    if (type === "XRef") continue; // cross-reference streams are never encrypted
    for (const str of object.strings) replace(str.start, str.end, hexString(cipher(bytesOf(str.value), object.num, object.gen, true)));
    if (object.stream && !(type === "Metadata" && !encryptMetadata)) {
      replace(object.stream.start, object.stream.end, cipher(bytes.subarray(object.stream.start, object.stream.end), object.num, object.gen, false));
    }
  }
  parts.push(bytes.subarray(at));
  return concat(parts);
}

function rawObjects(s: string): RawObject[] {
  const objects: RawObject[] = [];
  const budget = { values: 0 };
  const header = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = header.exec(s); m; m = header.exec(s)) {
    if (objects.length >= PDF_LIMITS.objects) throw new EvidenceRejectedError("pdf_too_many_objects");
    const reader = new Reader(s, m.index + m[0].length, budget);
    const value = reader.value();
    const object: RawObject = { num: Number(m[1]), gen: Number(m[2]), value, strings: reader.strings };
    reader.skipSpace();
    if (s.startsWith("stream", reader.pos) && value instanceof Map) {
      object.stream = streamRange(s, reader.pos, value);
      header.lastIndex = object.stream.end;
    } else header.lastIndex = reader.pos;
    objects.push(object);
  }
  return objects;
}

function trailerWithEncrypt(s: string, objects: RawObject[]): Dict {
  for (const object of objects)
    if (object.value instanceof Map && nameOf(object.value.get("Type")) === "XRef" && object.value.has("Encrypt")) return object.value;
  for (let k = s.lastIndexOf("trailer"); k >= 0; k = s.lastIndexOf("trailer", k - 1)) {
    const value = new Reader(s, k + "trailer".length).value();
    if (value instanceof Map && value.has("Encrypt")) return value;
    if (k === 0) break;
  }
  throw needsPassword();
}

/** The Standard security handler with the empty user password; refuses when that is not the password. */
function standardCipher(encrypt: Dict, id: string): Cipher {
  const v = num(encrypt.get("V"));
  const r = num(encrypt.get("R"));
  const o = str(encrypt.get("O"));
  const u = str(encrypt.get("U"));
  if (r >= 5) return aes256(encrypt, u);
  const method = v === 4 ? cryptFilterMethod(encrypt) : "V2";
  const length = v === 4 ? 16 : r === 2 ? 5 : num(encrypt.get("Length") ?? 40) / 8;
  if (!Number.isInteger(length) || length < 5 || length > 16) throw needsPassword();
  const p = num(encrypt.get("P")) >>> 0;
  const metadataClear = r >= 4 && encrypt.get("EncryptMetadata") === false;
  let key = md5(
    concat([
      PAD,
      o.subarray(0, 32),
      Uint8Array.of(p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, p >>> 24),
      bytesOf(id),
      metadataClear ? Uint8Array.of(255, 255, 255, 255) : new Uint8Array(0),
    ]),
  ).subarray(0, length);
  if (r >= 3) for (let k = 0; k < 50; k++) key = md5(key).subarray(0, length);
  const check = r === 2 ? rc4(key, PAD) : userCheck(key, id);
  if (!equal(check, u.subarray(0, r === 2 ? 32 : 16))) throw needsPassword();
  if (method === "None") return (data) => data;
  return (data, n, g) => {
    const objectKey = md5(
      concat([
        key,
        Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, g & 0xff, (g >> 8) & 0xff),
        method === "AESV2" ? bytesOf("sAlT") : new Uint8Array(0),
      ]),
    ).subarray(0, Math.min(length + 5, 16));
    return method === "AESV2" ? aesDecrypt(objectKey, data) : rc4(objectKey, data);
  };
}

function userCheck(key: Uint8Array, id: string): Uint8Array {
  let out = rc4(key, md5(concat([PAD, bytesOf(id)])));
  for (let i = 1; i <= 19; i++)
    out = rc4(
      key.map((b) => b ^ i),
      out,
    );
  return out;
}

function cryptFilterMethod(encrypt: Dict): string {
  const filters = encrypt.get("CF");
  const name = nameOf(encrypt.get("StmF")) ?? "Identity";
  if (name === "Identity") return "None";
  const filter = filters instanceof Map ? filters.get(name) : undefined;
  const method = filter instanceof Map ? nameOf(filter.get("CFM")) : undefined;
  if (method !== "AESV2" && method !== "V2") throw needsPassword();
  return method;
}

/** Revisions 5 and 6: the file key is UE decrypted with a key hashed from the empty password. */
function aes256(encrypt: Dict, u: Uint8Array): Cipher {
  const r = num(encrypt.get("R"));
  const ue = str(encrypt.get("UE"));
  if (u.length < 48 || ue.length < 32) throw needsPassword();
  const hash = (salt: Uint8Array) => (r === 5 ? sha256(salt) : hardenedHash(salt));
  if (!equal(hash(u.subarray(32, 40)), u.subarray(0, 32))) throw needsPassword();
  const fileKey = cbc(hash(u.subarray(40, 48)), new Uint8Array(16), { disablePadding: true }).decrypt(ue.subarray(0, 32));
  return (data) => aesDecrypt(fileKey, data);
}

/** ISO 32000-2 algorithm 2.B for the empty password and no user key. */
function hardenedHash(salt: Uint8Array): Uint8Array {
  let k = sha256(salt);
  for (let round = 0; ; round++) {
    const k1 = new Uint8Array(64 * k.length);
    for (let j = 0; j < 64; j++) k1.set(k, j * k.length);
    const e = cbc(k.subarray(0, 16), k.subarray(16, 32), { disablePadding: true }).encrypt(k1);
    const mod = e.subarray(0, 16).reduce((sum, b) => sum + b, 0) % 3;
    k = mod === 0 ? sha256(e) : mod === 1 ? sha384(e) : sha512(e);
    if (round >= 63 && e[e.length - 1]! <= round - 31) return k.subarray(0, 32);
  }
}

/** AES-CBC with the IV in front and PKCS#7 padding; an empty or broken block decrypts to nothing. */
function aesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32 || data.length % 16 !== 0) return new Uint8Array(0);
  try {
    return cbc(key, data.subarray(0, 16)).decrypt(data.subarray(16));
  } catch {
    return new Uint8Array(0);
  }
}

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const state = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + state[i]! + key[i % key.length]!) & 0xff;
    [state[i], state[j]] = [state[j]!, state[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + state[i]!) & 0xff;
    [state[i], state[j]] = [state[j]!, state[i]!];
    out[k] = data[k]! ^ state[(state[i]! + state[j]!) & 0xff]!;
  }
  return out;
}

function num(v: Value | undefined): number {
  if (typeof v !== "number") throw needsPassword();
  return v;
}
function str(v: Value | undefined): Uint8Array {
  if (!(v instanceof Str)) throw needsPassword();
  return bytesOf(v.value);
}
function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
function hexString(data: Uint8Array): Uint8Array {
  let hex = "<";
  for (const b of data) hex += b.toString(16).padStart(2, "0");
  return bytesOf(`${hex}>`);
}
function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
