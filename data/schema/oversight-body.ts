/**
 * Oversight bodies (监督机构) and their delivery channels, and the official channels per area
 * (12388, 互联网+督查, local platforms) for the channel directory.
 */
import { z } from "zod";
import { AreaCode, Source } from "./common.ts";
import { CODE_LENGTH } from "./division.ts";

export const BODY_KINDS = ["discipline_commission", "organisation_department", "burden_reduction_office", "other"] as const;
export const BodyKind = z.enum(BODY_KINDS);
export type BodyKind = z.infer<typeof BodyKind>;

export const BODY_LEVELS = ["county", "prefecture", "province", "central"] as const;
export const BodyLevel = z.enum(BODY_LEVELS);
export type BodyLevel = z.infer<typeof BodyLevel>;

/** How a body receives reports. Its Qingdan triage inbox always receives them; these are extra. */
export const DeliveryChannel = z.discriminatedUnion("type", [
  z.object({ type: z.literal("inbox") }).strict(),
  z
    .object({
      type: z.literal("webhook"),
      url: z.url({ protocol: /^https?$/ }),
      /** Name of the secret (wrangler secret / .dev.vars) holding the Standard Webhooks signing key. */
      secretName: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    })
    .strict(),
  z
    .object({
      type: z.literal("email"),
      address: z.email(),
      /** Full report content by mail only when the body opts in: mail leaks metadata. */
      fullContent: z.boolean().default(false),
    })
    .strict(),
]);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

export const OversightBody = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().trim().min(1),
    kind: BodyKind,
    level: BodyLevel,
    /** The area it oversees: a division code of its level, or `CN` for central bodies. */
    area: AreaCode,
    /** Whether it has joined this deployment (only joined bodies receive reports). */
    joined: z.boolean(),
    /** Demo contacts loaded by `npm start`: named for real offices, but not them. */
    demo: z.boolean().default(false),
    channels: z.array(DeliveryChannel).default([{ type: "inbox" }]),
    /** Working-day deadlines; DEFAULT_DEADLINES apply when absent. */
    deadlines: z
      .object({ acknowledge: z.number().int().min(1).max(60), conclude: z.number().int().min(1).max(365) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    // A body's area is a code of its own level ("CN" for central).
    const ok = body.level === "central" ? body.area === "CN" : body.area.length === CODE_LENGTH[body.level];
    if (!ok) ctx.addIssue({ code: "custom", path: ["area"], message: "e.area_level_mismatch" });
  });
export type OversightBody = z.infer<typeof OversightBody>;

/** Working days to acknowledge and to conclude a report, for a body whose record sets none (load:bodies, the /join page). */
export const DEFAULT_DEADLINES = { acknowledge: 5, conclude: 60 } as const;

export const OFFICIAL_CHANNEL_KINDS = ["12388", "internet_plus_supervision", "local_platform", "other"] as const;

/** An official channel that exists today (link to it; never claim to forward to it). */
export const OfficialChannel = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().trim().min(1),
    operator: z.string().trim().min(1),
    kind: z.enum(OFFICIAL_CHANNEL_KINDS),
    /** Areas it serves (`CN` for national channels). */
    areas: z.array(AreaCode).min(1),
    url: z.url({ protocol: /^https?$/ }).optional(),
    phone: z.string().optional(),
    howTo: z.string().min(1),
    scope: z.string().min(1),
    source: Source,
    /**
     * The address the body publishes for complaints, with where it says so: the hand-off of a
     * report that reached no body shows it («可发送至：…（来源：…）»); we never send to it.
     */
    publicMailbox: z
      .object({ address: z.string().trim().min(3), source: Source })
      .strict()
      .optional(),
  })
  .strict();
export type OfficialChannel = z.infer<typeof OfficialChannel>;
