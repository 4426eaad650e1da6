/** Fixed, obviously fake secrets for tests only (never used outside tests). */
export const TEST_SECRETS = {
  RECEIPT_KEY_V1: "test-receipt-key-v1-0000000000000000000000000000",
  SESSION_KEY: "test-session-key-000000000000000000000000000000000",
  RATE_KEY: "test-rate-key-0000000000000000000000000000000000000",
  ALTCHA_KEY: "test-altcha-key-00000000000000000000000000000000000",
} as const;
