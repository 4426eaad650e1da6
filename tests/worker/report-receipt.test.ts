import { describe, expect, it } from "vitest";
import {
  hashReceiptCode,
  lastGroup,
  newReceiptCode,
  normaliseReceiptCode,
  receiptCodeFromIdempotencyKey,
  receiptHashCandidates,
  receiptKeys,
  ReceiptKeyMissingError,
  RECEIPT_BITS,
} from "../../worker/domain/receipt.ts";

const KEYS = { RECEIPT_KEY_VERSION: "1", RECEIPT_KEY_V1: "test-receipt-key-v1-0000000000000000" };

describe("receipt codes", () => {
  it("carry at least 80 bits: 20 characters of a 32-letter alphabet, in five groups of four", () => {
    expect(RECEIPT_BITS).toBeGreaterThanOrEqual(80);
    const code = newReceiptCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
  });

  it("are all different over 10,000 draws, with every character of the alphabet used", () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => newReceiptCode()));
    expect(codes.size).toBe(10_000);
    const chars = new Set([...codes].join("").replace(/-/g, ""));
    expect(chars.size).toBe(32);
  });

  it.each([
    ["lower case and spaces", "abcd efgh jkmn pqrs tvwx", "ABCDEFGHJKMNPQRSTVWX"],
    ["the look-alikes O, I and L", "O1IL-0000-0000-0000-0000", "01110000000000000000"],
    ["dashes and dots", "ABCD-EFGH.JKMN-PQRS-TVWX", "ABCDEFGHJKMNPQRSTVWX"],
  ])("are read back whatever the typing: %s", (_name, typed, expected) => {
    expect(normaliseReceiptCode(typed)).toBe(expected);
  });

  it.each([
    ["too short", "ABCD-EFGH"],
    ["a letter outside the alphabet", "ABCD-EFGH-JKMN-PQRS-TVWU"],
    ["empty", ""],
  ])("are refused when %s", (_name, typed) => {
    expect(normaliseReceiptCode(typed)).toBeNull();
  });

  it("offer their last group for the confirm step", () => {
    expect(lastGroup("ABCDEFGHJKMNPQRSTVWX")).toBe("TVWX");
  });
});

describe("receipt hashes", () => {
  it("are keyed and versioned, and never contain the code", () => {
    const keys = receiptKeys(KEYS);
    const code = normaliseReceiptCode(newReceiptCode())!;
    const hash = hashReceiptCode(keys, code);
    expect(hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(hash).not.toContain(code);
    expect(hashReceiptCode(receiptKeys({ ...KEYS, RECEIPT_KEY_V1: "another-key-entirely-000000000000" }), code)).not.toBe(hash);
  });

  it("still find receipts of the old key after a rotation to a new version", () => {
    const code = normaliseReceiptCode(newReceiptCode())!;
    const before = hashReceiptCode(receiptKeys(KEYS), code);
    const rotated = receiptKeys({ ...KEYS, RECEIPT_KEY_VERSION: "2", RECEIPT_KEY_V2: "test-receipt-key-v2-1111111111111111" });
    expect(hashReceiptCode(rotated, code)).toMatch(/^v2:/);
    expect(receiptHashCandidates(rotated, code)).toContain(before);
  });

  it("cannot be made when the current key version is not configured", () => {
    expect(() => receiptKeys({ ...KEYS, RECEIPT_KEY_VERSION: "3" })).toThrow(ReceiptKeyMissingError);
  });

  it("derive the same code from the same idempotency key, and different codes from different keys", () => {
    const keys = receiptKeys(KEYS);
    const a = receiptCodeFromIdempotencyKey(keys, "a".repeat(30));
    expect(receiptCodeFromIdempotencyKey(keys, "a".repeat(30))).toBe(a);
    expect(receiptCodeFromIdempotencyKey(keys, "b".repeat(30))).not.toBe(a);
    expect(normaliseReceiptCode(a)).not.toBeNull();
  });
});
