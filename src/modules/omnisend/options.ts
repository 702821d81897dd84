import { z } from "@medusajs/framework/zod"

const cronExpression = z
  .string()
  .trim()
  .regex(/^\S+( \S+){4,5}$/, "must be a cron expression of 5 or 6 fields, e.g. */15 * * * *")

/**
 * Options of the plugin (the `options` object of its entry in `plugins` in medusa-config.ts; Medusa
 * hands it to every module of the plugin). Validated when Medusa loads the module, so a typo stops
 * the store at boot with a message instead of failing later, customer by customer.
 */
export const omnisendOptionsSchema = z.object({
  /** Omnisend API key (Store settings -> API keys in Omnisend). May be left out and set in Medusa Admin. */
  apiKey: z.string().trim().min(1, "must not be empty when given").optional(),
  apiUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://api.omnisend.com/v3"),
  apiVersion: z.literal("v3").default("v3"),
  /** Per request, in milliseconds. Omnisend suggests 10 s. */
  requestTimeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** Retries of a request that failed for a temporary reason (rate limit, timeout, 5xx). */
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** Sync on customer events; false keeps the plugin installed but silent. */
  enabled: z.boolean().default(true),
  /** Extra tags on every contact (`source: medusa` is always added). */
  tags: z.array(z.string().trim().min(1)).max(90).default([]),
  /** Customer metadata keys copied into the contact's customProperties. */
  customPropertyKeys: z.array(z.string().min(1)).default([]),
  consentKeys: z
    .object({
      email: z.string().min(1).default("email_marketing_consent"),
      emailAt: z.string().min(1).default("email_marketing_consent_at"),
      sms: z.string().min(1).default("sms_marketing_consent"),
      smsAt: z.string().min(1).default("sms_marketing_consent_at"),
    })
    .prefault({}),
  birthdateKey: z.string().min(1).optional(),
  genderKey: z.string().min(1).optional(),
  sendWelcomeMessage: z.boolean().default(false),
  /**
   * Send the chosen address's phone when the customer has none of their own, always nonSubscribed:
   * it may be someone else's (a gift recipient), and SMS consent belongs to the customer's own phone.
   */
  sendAddressPhone: z.boolean().default(false),
  /** Omnisend has no contact delete: keep the contact, or unsubscribe both channels. */
  customerDeletedAction: z.enum(["keep", "unsubscribe"]).default("keep"),
  /** Cron of the job that backfills customers never synced or changed since; read when the store boots. */
  backfillSchedule: cronExpression.default("*/15 * * * *"),
  /** False keeps the scheduled backfill from running; a backfill started on demand still runs. */
  backfillScheduleEnabled: z.boolean().default(true),
  /**
   * The jobs that, every minute, send again the changes that did not reach Omnisend (outages, rate
   * limits, a paused sync, a dead process, a lost event) and resume a backfill a dead or stopped
   * process left. Off only for tests that count calls.
   */
  recoveryJobsEnabled: z.boolean().default(true),
  /** Reads contacts unsubscribed in Omnisend (it sends no webhook) and records the opt-out in Medusa. */
  unsubscribeSyncEnabled: z.boolean().default(true),
  /** Cron of that job; read when the store boots. */
  unsubscribeSyncSchedule: cronExpression.default("*/30 * * * *"),
  /**
   * Pages of 250 contacts one run reads, one request each; the next run continues where it stopped.
   * 40 keeps a run at a tenth of Omnisend's 400 requests per minute; 200 is half of it.
   */
  unsubscribeSyncMaxPages: z.number().int().min(1).max(200).default(40),
  /**
   * Of Omnisend's rate limit (read from its X-Rate-Limit-* headers; 400 a minute in v3), the part
   * the plugin uses, shared by all its processes. The rest is left to the store's other integrations.
   */
  rateBudgetShare: z.number().min(0.1).max(1).default(0.8),
  /** Of the plugin's part, what the backfill and the unsubscribe job leave to live changes. */
  rateBudgetLiveReserve: z.number().min(0).max(0.9).default(0.25),
  /**
   * Secret the API key saved in Medusa Admin is encrypted with (AES-256-GCM). Defaults to the store's
   * `projectConfig.http.cookieSecret`; set it to rotate the cookie secret without re-entering the key.
   */
  encryptionKey: z.string().min(16, "must be at least 16 characters").optional(),
})

export type OmnisendPluginOptionsInput = z.input<typeof omnisendOptionsSchema>
export type OmnisendPluginOptions = z.output<typeof omnisendOptionsSchema>

export class InvalidOmnisendOptionsError extends Error {
  readonly code = "omnisend_invalid_options"
  constructor(readonly problems: string[]) {
    super(
      `medusa-plugin-omnisend: invalid plugin options in medusa-config.ts:\n` +
        problems.map((problem) => `  - ${problem}`).join("\n")
    )
    this.name = "InvalidOmnisendOptionsError"
  }
}

export function parseOmnisendOptions(raw: unknown): OmnisendPluginOptions {
  const result = omnisendOptionsSchema.safeParse(raw ?? {})
  if (result.success) {
    return result.data
  }
  throw new InvalidOmnisendOptionsError(
    result.error.issues.map((issue) => {
      const path = issue.path.join(".") || "(options)"
      // Never echo a rejected value: it could be the API key.
      return `${path}: ${issue.message}`
    })
  )
}
