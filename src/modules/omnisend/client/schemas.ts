import { z } from "@medusajs/framework/zod"

/**
 * Zod schemas for every Omnisend request the plugin sends and every response it reads.
 * Requests are validated before they leave (a bug in mapping surfaces as a clear error, not as a
 * 400 from Omnisend); responses are validated loosely (unknown fields pass) so that Omnisend adding
 * a field never breaks a sync.
 */

export const channelStatusSchema = z.enum(["subscribed", "unsubscribed", "nonSubscribed"])
export type ChannelStatus = z.infer<typeof channelStatusSchema>

const isoDateTimeSchema = z.iso.datetime({ offset: true })

export const channelSchema = z.object({
  status: channelStatusSchema,
  statusDate: isoDateTimeSchema.optional(),
})
export type Channel = z.infer<typeof channelSchema>

export const identifierSchema = z.object({
  type: z.enum(["email", "phone"]),
  id: z.string().min(1),
  channels: z.object({
    email: channelSchema.optional(),
    sms: channelSchema.optional(),
  }),
  sendWelcomeMessage: z.boolean().optional(),
})
export type ContactIdentifier = z.infer<typeof identifierSchema>

export const customPropertyValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
])
export type CustomPropertyValue = z.infer<typeof customPropertyValueSchema>

export const customPropertiesSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_]{1,128}$/),
  customPropertyValueSchema
)

/** Profile fields. An empty string clears a field on PATCH, so it is accepted everywhere. */
export const contactProfileSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  country: z.string(),
  countryCode: z.union([z.string().length(2), z.literal("")]),
  state: z.string(),
  city: z.string(),
  address: z.string(),
  postalCode: z.string(),
  gender: z.enum(["m", "f", ""]),
  birthdate: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal("")]),
  tags: z.array(z.string()).max(100),
  customProperties: customPropertiesSchema,
  createdAt: isoDateTimeSchema,
})
export type ContactProfile = z.infer<typeof contactProfileSchema>

export const createContactRequestSchema = contactProfileSchema.partial().extend({
  identifiers: z.array(identifierSchema).min(1),
})
export type CreateContactRequest = z.infer<typeof createContactRequestSchema>

export const patchContactRequestSchema = contactProfileSchema.partial().extend({
  identifiers: z.array(identifierSchema).optional(),
})
export type PatchContactRequest = z.infer<typeof patchContactRequestSchema>

export const contactResponseSchema = z.looseObject({
  contactID: z.string().min(1),
  email: z.string().optional(),
  phone: z.string().optional(),
  identifiers: z
    .array(
      z.looseObject({
        type: z.string(),
        id: z.string(),
        channels: z.record(z.string(), z.looseObject({ status: z.string() })).optional(),
      })
    )
    .optional(),
})
export type ContactResponse = z.infer<typeof contactResponseSchema>

export const contactListResponseSchema = z.looseObject({
  contacts: z.array(contactResponseSchema),
})

export const createBatchRequestSchema = z.object({
  method: z.literal("POST"),
  endpoint: z.literal("contacts"),
  items: z.array(createContactRequestSchema).min(1).max(1000),
})
export type CreateBatchRequest = z.infer<typeof createBatchRequestSchema>

export const batchStatusSchema = z.enum(["pending", "inProgress", "finished", "stopped"])
export type BatchStatus = z.infer<typeof batchStatusSchema>

export const batchResponseSchema = z.looseObject({
  batchID: z.string().min(1),
  status: batchStatusSchema.optional(),
  totalCount: z.number().int().nonnegative(),
  finishedCount: z.number().int().nonnegative().optional(),
  errorsCount: z.number().int().nonnegative().optional(),
})
export type BatchResponse = z.infer<typeof batchResponseSchema>

export const batchItemSchema = z.looseObject({
  itemID: z.string(),
  request: z.unknown(),
  responseCode: z.number().int().nullable().optional(),
  response: z.unknown(),
  status: z.string().optional(),
})
export type BatchItem = z.infer<typeof batchItemSchema>

export const batchItemsResponseSchema = z.looseObject({
  items: z.array(batchItemSchema),
})

export const accountResponseSchema = z.looseObject({
  brandID: z.string().min(1),
  website: z.string().optional(),
  name: z.string().optional(),
})
export type AccountResponse = z.infer<typeof accountResponseSchema>

/** Omnisend v3 error body: `fields` is keyed by item index. */
export const errorBodySchema = z.looseObject({
  error: z.string().optional(),
  fields: z.record(z.string(), z.array(z.string())).optional(),
  retryAfter: z.number().optional(),
})
export type ErrorBody = z.infer<typeof errorBodySchema>

/** An id Omnisend gave us (contactID, batchID); it becomes a path segment. */
export const omnisendIdSchema = z.string().regex(/^\S+$/, "must be a non-empty id without spaces")

/** The email of a lookup. Normalising it (trim, lowercase) is the caller's job, as for every request. */
export const contactEmailLookupSchema = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, "must be one email address")
