import { z } from "@medusajs/framework/zod"

const API_KEY_PATTERN = /^\S{1,512}$/

/**
 * A custom check rather than z.string(): Medusa's message for a wrong type quotes the value it
 * got, and this value is a secret that must not reach a response or a log line.
 */
const apiKey = z
  .custom<string>((value) => typeof value === "string" && API_KEY_PATTERN.test(value.trim()), {
    message: "api_key must be an Omnisend API key: a text of 1 to 512 characters without spaces",
  })
  .transform((value) => value.trim())

const metadataKey = z.string().trim().min(1).max(100)

export const AdminUpdateOmnisendSettings = z
  .object({
    api_key: apiKey,
    enabled: z.boolean(),
    consent_keys: z.object({ email: metadataKey, email_at: metadataKey, sms: metadataKey, sms_at: metadataKey }).strict(),
    tags: z.array(z.string().trim().min(1).max(100)).max(90),
    custom_property_keys: z.array(metadataKey).max(100),
    send_welcome_message: z.boolean(),
    backfill_schedule_enabled: z.boolean(),
    customer_deleted_action: z.enum(["keep", "unsubscribe"]),
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "Send at least one setting to change" })

export type AdminUpdateOmnisendSettingsType = z.infer<typeof AdminUpdateOmnisendSettings>

export const AdminVerifyOmnisendConnection = z.object({ api_key: apiKey.optional() }).strict()

export type AdminVerifyOmnisendConnectionType = z.infer<typeof AdminVerifyOmnisendConnection>
