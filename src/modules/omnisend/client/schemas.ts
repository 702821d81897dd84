import { z } from "@medusajs/framework/zod"

/**
 * Zod schemas for every Omnisend request the plugin sends and every response it reads.
 * Requests are strict: validated before they leave, so a bug in mapping surfaces as a clear error,
 * not as a 400 from Omnisend. Responses are lenient: they read only what the plugin uses, accept
 * `null` or absence wherever Omnisend may leave a value unset (its answers carry `"phone": null`,
 * `"customProperties": null`, `"gender": ""`), and let unknown fields pass. The answers they must
 * parse are recorded in tools/omnisend-emulator/contract/v3-answers.json.
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

/**
 * Profile fields. Free text may be "" (it empties the field); gender, countryCode and birthdate
 * have no empty value Omnisend accepts (it answers 400 for ""), so only valid values pass.
 */
export const contactProfileSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  country: z.string(),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  state: z.string(),
  city: z.string(),
  address: z.string(),
  postalCode: z.string(),
  gender: z.enum(["m", "f"]),
  birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
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

/** Unset, as Omnisend answers it: null, absent, or (for strings such as gender) "". */
const unsetString = z
  .string()
  .nullish()
  .transform((value) => (value ? value : undefined))

/**
 * A contact as any contact call answers it: the whole contact from POST and GET, the short
 * `{email, contactID, firstName, lastName}` from PATCH, `{email, contactID}` in a batch result.
 * `identifiers` is present only in whole-contact answers: its absence says nothing.
 */
export const contactResponseSchema = z.looseObject({
  contactID: z.string().min(1),
  email: unsetString,
  phone: unsetString,
  identifiers: z
    .array(
      z.looseObject({
        type: z.string(),
        id: z.string(),
        channels: z
          .record(z.string(), z.looseObject({ status: z.string().nullish(), statusDate: z.string().nullish() }).nullish())
          .nullish(),
      })
    )
    .nullish()
    .transform((value) => value ?? undefined),
})
export type ContactResponse = z.infer<typeof contactResponseSchema>

export const contactListResponseSchema = z.looseObject({
  contacts: z
    .array(contactResponseSchema)
    .nullish()
    .transform((value) => value ?? []),
})

/** One page of the contact list: which status, how many (v3 answers at most 250), from where. */
export const listContactsQuerySchema = z.strictObject({
  status: channelStatusSchema,
  limit: z.number().int().min(1).max(250),
  /** Where to continue: the query of the previous page's `paging.next`; absent for the first page. */
  cursor: z.string().min(1).optional(),
})
export type ListContactsQuery = z.infer<typeof listContactsQuerySchema>

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined)

/**
 * A contact as the list answers it, reduced to what reading statuses needs. Every field may be
 * null or absent: one odd contact must not make a whole page unreadable (its caller skips it).
 */
export const listedContactSchema = z.looseObject({
  contactID: optionalText,
  email: optionalText,
  identifiers: z
    .array(
      z.looseObject({
        type: optionalText,
        id: optionalText,
        channels: z
          .looseObject({
            email: z.looseObject({ status: optionalText, statusDate: optionalText }).nullish(),
          })
          .nullish(),
      })
    )
    .nullish()
    .transform((value) => value ?? []),
})
export type ListedContact = z.infer<typeof listedContactSchema>

/** The query string of `paging.next`, which v3 answers as a full URL; null on the last page. */
const nextPageCursor = z
  .string()
  .nullish()
  .transform((next, context) => {
    if (!next) {
      return null
    }
    const query = next.split("?", 2)[1]
    if (!query) {
      context.addIssue({ code: "custom", message: "paging.next has no query to continue from" })
      return z.NEVER
    }
    return query
  })

export const contactListPageResponseSchema = z.looseObject({
  contacts: z
    .array(listedContactSchema)
    .nullish()
    .transform((value) => value ?? []),
  paging: z.looseObject({ next: nextPageCursor }).nullish(),
})

/** One page of contacts and the cursor of the next one (null after the last page). */
export interface ContactListPage {
  contacts: ListedContact[]
  nextCursor: string | null
}

export const createBatchRequestSchema = z.object({
  method: z.literal("POST"),
  endpoint: z.literal("contacts"),
  items: z.array(createContactRequestSchema).min(1).max(1000),
})
export type CreateBatchRequest = z.infer<typeof createBatchRequestSchema>

export const batchStatusSchema = z.enum(["pending", "inProgress", "finished", "stopped"])
export type BatchStatus = z.infer<typeof batchStatusSchema>

const count = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((value) => value ?? undefined)

/** POST /batches answers `{batchID, totalCount}`; GET adds status and counts. */
export const batchResponseSchema = z.looseObject({
  batchID: z.string().min(1),
  // A status this plugin does not know yet is read as "not done": polling goes on.
  status: z
    .string()
    .nullish()
    .transform((value) => batchStatusSchema.safeParse(value).data),
  totalCount: count,
  finishedCount: count,
  errorsCount: count,
})
export type BatchResponse = z.infer<typeof batchResponseSchema>

export const batchListResponseSchema = z.looseObject({
  batches: z
    .array(batchResponseSchema)
    .nullish()
    .transform((value) => value ?? []),
})

export const batchItemSchema = z.looseObject({
  itemID: z.union([z.string(), z.number()]).nullish(),
  request: z.unknown(),
  responseCode: z.number().int().nullish(),
  response: z.unknown(),
  status: z.string().nullish(),
})
export type BatchItem = z.infer<typeof batchItemSchema>

const batchItemList = z
  .array(batchItemSchema)
  .nullish()
  .transform((value) => value ?? [])

/** v3 answers failed items in `errors` and succeeded ones in `responses`, each echoing its request. */
export const batchItemsResponseSchema = z.looseObject({
  errors: batchItemList,
  responses: batchItemList,
})
export type BatchItemsResponse = z.infer<typeof batchItemsResponseSchema>

export const accountResponseSchema = z.looseObject({
  brandID: z.string().min(1),
  website: unsetString,
  name: unsetString,
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
