/**
 * The three parts of a duty list (./duty-list.ts), in their printed order. No zod here: the report
 * island imports it into its own chunk (as ./report-limits.ts), and zod would add ~90 KB to it.
 */
export const DUTY_PARTS = ["basic", "assisting", "returned"] as const;
