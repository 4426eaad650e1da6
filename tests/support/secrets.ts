/** Fixed, obviously fake secrets for tests only (never used outside tests). */
export const TEST_SECRETS = {
  RECEIPT_KEY_V1: "test-receipt-key-v1-0000000000000000000000000000",
  SESSION_KEY: "test-session-key-000000000000000000000000000000000",
  RATE_KEY: "test-rate-key-0000000000000000000000000000000000000",
  ALTCHA_KEY: "test-altcha-key-00000000000000000000000000000000000",
  /** Standard Webhooks signing key of the demo bodies' webhooks (base64 of "test-webhook-secret-0123456789ab"). */
  DEMO_WEBHOOK_SECRET: "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=",
} as const;
