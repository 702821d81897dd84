import type { ChannelStatus, CustomPropertyValue, IdentifierType } from "./types"

/**
 * Checks a contact body the way Omnisend v3 does and turns it into a typed input. Every problem
 * gets its own "<field>: <message>" line so clients (and their tests) can see exactly what was
 * wrong, as in Omnisend's `fields` error property (CONTRACT: error_invalid_data). The message
 * texts are the emulator's own (ASSUMPTION: Omnisend's wording differs and is not parsed).
 */

export type ValidationMode = "create" | "patch"

export interface ChannelInput {
  status: ChannelStatus
  /** Absent means "now". */
  statusDate?: string
}

export interface IdentifierInput {
  type: IdentifierType
  id: string
  channels: { email?: ChannelInput; sms?: ChannelInput }
  sendWelcomeMessage?: boolean
}

export const PROFILE_FIELDS = [
  "firstName",
  "lastName",
  "country",
  "countryCode",
  "state",
  "city",
  "address",
  "postalCode",
  "gender",
  "birthdate",
] as const

export type ProfileField = (typeof PROFILE_FIELDS)[number]

export interface ContactInput {
  identifiers: IdentifierInput[]
  /** "" means "clear the field" (free-text fields only). */
  profile: Partial<Record<ProfileField, string>>
  tags?: string[]
  customProperties?: Record<string, CustomPropertyValue>
  createdAt?: string
}

export type ContactValidation = { ok: true; input: ContactInput } | { ok: false; messages: string[] }

// REFERENCE: identifier channel statuses (API-NOTES, Contacts).
const CHANNEL_STATUSES: readonly ChannelStatus[] = ["subscribed", "unsubscribed", "nonSubscribed"]
// ASSUMPTION: how strictly Omnisend checks an email; this refuses only what is clearly not one.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// REFERENCE: phones must be E.164.
const E164_PATTERN = /^\+[1-9]\d{6,14}$/
// REFERENCE: custom property keys [A-Za-z0-9_], at most 128 characters.
const CUSTOM_PROPERTY_KEY_PATTERN = /^[A-Za-z0-9_]{1,128}$/
// REFERENCE: countryCode is ISO 3166-1 alpha-2, exactly 2 letters.
const COUNTRY_CODE_PATTERN = /^[A-Za-z]{2}$/
// REFERENCE: statusDate is ISO 8601; RFC 3339 is the profile Omnisend's examples use ("2020-02-29T10:07:28Z").
const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/
// REFERENCE: birthdate is "YYYY-MM-DD".
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
// REFERENCE: at most 100 tags per request.
const MAX_TAGS = 100

// Arithmetic rather than Date objects: this runs for every item of every batch.
function isCalendarDate(match: RegExpExecArray | null): boolean {
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12 || day < 1) return false
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const shortMonth = month === 4 || month === 6 || month === 9 || month === 11
  const daysInMonth = month === 2 ? (leapYear ? 29 : 28) : shortMonth ? 30 : 31
  return day <= daysInMonth
}

function isRealDate(value: string): boolean {
  return isCalendarDate(DATE_PATTERN.exec(value))
}

function isIsoDateTime(value: unknown): value is string {
  return typeof value === "string" && isCalendarDate(DATE_TIME_PATTERN.exec(value))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function validateChannel(value: unknown, path: string, messages: string[]): ChannelInput | undefined {
  if (!isPlainObject(value)) {
    messages.push(`${path}: must be an object`)
    return undefined
  }
  const { statusDate } = value
  // The shared constant, not the parsed string: a million stored contacts need not hold copies.
  const status = CHANNEL_STATUSES.find((known) => known === value.status)
  if (!status) messages.push(`${path}.status: must be one of ${CHANNEL_STATUSES.join(", ")}`)
  const validDate = statusDate === undefined || isIsoDateTime(statusDate)
  if (!validDate) messages.push(`${path}.statusDate: must be an ISO 8601 date-time (e.g. 2020-02-29T10:07:28Z)`)
  if (!status || !validDate) return undefined
  return statusDate === undefined ? { status } : { status, statusDate: statusDate as string }
}

function inferType(id: unknown): IdentifierType | undefined {
  if (typeof id !== "string") return undefined
  return id.includes("@") ? "email" : "phone"
}

function validateIdentifier(
  value: unknown,
  path: string,
  mode: ValidationMode,
  messages: string[]
): IdentifierInput | undefined {
  if (!isPlainObject(value)) {
    messages.push(`${path}: must be an object`)
    return undefined
  }
  const before = messages.length
  const { id, channels, sendWelcomeMessage } = value
  // REFERENCE: PATCH bodies in Omnisend's guide omit the type; ASSUMPTION: it follows from the id there.
  const type = value.type === undefined && mode === "patch" ? inferType(id) : value.type
  // REFERENCE: an identifier is {type: "email" | "phone", id, channels, sendWelcomeMessage?}.
  const knownType = type === "email" || type === "phone"
  if (!knownType && (value.type !== undefined || mode === "create")) {
    messages.push(`${path}.type: must be "email" or "phone"`)
  }
  if (typeof id !== "string" || id.length === 0) {
    messages.push(`${path}.id: is required and must be a non-empty string`)
  } else if (type === "email" && !EMAIL_PATTERN.test(id)) {
    messages.push(`${path}.id: must be a valid email address`)
  } else if (type === "phone" && !E164_PATTERN.test(id)) {
    messages.push(`${path}.id: must be a phone number in E.164 format (e.g. +14155550100)`)
  }
  if (sendWelcomeMessage !== undefined && typeof sendWelcomeMessage !== "boolean") {
    messages.push(`${path}.sendWelcomeMessage: must be a boolean`)
  }
  const parsedChannels: IdentifierInput["channels"] = {}
  // REFERENCE: channels are required in v3, and an identifier needs the channel of its type.
  if (!isPlainObject(channels)) {
    messages.push(`${path}.channels: is required and must be an object`)
  } else {
    for (const channel of ["email", "sms"] as const) {
      if (channels[channel] !== undefined) {
        parsedChannels[channel] = validateChannel(channels[channel], `${path}.channels.${channel}`, messages)
      }
    }
    const required = type === "email" ? "email" : type === "phone" ? "sms" : undefined
    if (required && channels[required] === undefined) {
      const article = type === "email" ? "an email" : "a phone"
      messages.push(`${path}.channels.${required}: is required for ${article} identifier`)
    }
  }
  if (messages.length > before) return undefined
  const identifier: IdentifierInput = { type: type as IdentifierType, id: id as string, channels: parsedChannels }
  if (sendWelcomeMessage === true) identifier.sendWelcomeMessage = true
  return identifier
}

function validateIdentifiers(
  body: Record<string, unknown>,
  mode: ValidationMode,
  messages: string[]
): IdentifierInput[] {
  const { identifiers } = body
  // REFERENCE: a contact is created from its identifiers. ASSUMPTION: a PATCH may leave them out.
  if (identifiers === undefined && mode === "patch") return []
  if (!Array.isArray(identifiers) || (mode === "create" && identifiers.length === 0)) {
    messages.push(
      mode === "create"
        ? "identifiers: is required and must be a non-empty array"
        : "identifiers: must be an array"
    )
    return []
  }
  const parsed: IdentifierInput[] = []
  const seenTypes = new Set<IdentifierType>()
  identifiers.forEach((value, index) => {
    const identifier = validateIdentifier(value, `identifiers[${index}]`, mode, messages)
    if (!identifier) return
    // ASSUMPTION: a contact has one email and one phone; two of a kind would make the upsert key ambiguous.
    if (seenTypes.has(identifier.type)) {
      messages.push(`identifiers[${index}]: only one ${identifier.type} identifier is allowed per contact`)
      return
    }
    seenTypes.add(identifier.type)
    parsed.push(identifier)
  })
  return parsed
}

function validateProfileField(field: ProfileField, value: unknown, messages: string[]): boolean {
  if (typeof value !== "string") {
    messages.push(`${field}: must be a string`)
    return false
  }
  // REFERENCE: gender, birthdate and countryCode refuse any other value, the empty string included
  // (there is no documented way to clear them).
  if (field === "gender" && value !== "m" && value !== "f") {
    messages.push(`gender: must be "m" or "f"`)
    return false
  }
  if (field === "birthdate" && !isRealDate(value)) {
    messages.push("birthdate: must be a real date in YYYY-MM-DD format")
    return false
  }
  if (field === "countryCode" && !COUNTRY_CODE_PATTERN.test(value)) {
    messages.push("countryCode: must be exactly 2 letters (ISO 3166-1 alpha-2)")
    return false
  }
  // ASSUMPTION: "" clears a free-text field (its answer is "" either way).
  return true
}

function validateTags(value: unknown, messages: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    messages.push("tags: must be an array of strings")
    return undefined
  }
  const before = messages.length
  if (value.length > MAX_TAGS) messages.push(`tags: at most ${MAX_TAGS} tags are allowed per request`)
  value.forEach((tag, index) => {
    if (typeof tag !== "string") messages.push(`tags[${index}]: must be a string`)
  })
  return messages.length > before ? undefined : (value as string[])
}

function isCustomPropertyValue(value: unknown): value is CustomPropertyValue {
  if (typeof value === "string" || typeof value === "boolean") return true
  if (typeof value === "number") return Number.isFinite(value)
  return Array.isArray(value) && value.every((entry) => typeof entry === "string")
}

function validateCustomProperties(value: unknown, messages: string[]): Record<string, CustomPropertyValue> | undefined {
  if (!isPlainObject(value)) {
    messages.push("customProperties: must be an object")
    return undefined
  }
  const before = messages.length
  for (const [key, entry] of Object.entries(value)) {
    if (!CUSTOM_PROPERTY_KEY_PATTERN.test(key)) {
      messages.push(`customProperties.${key}: key must match ^[A-Za-z0-9_]{1,128}$`)
    } else if (!isCustomPropertyValue(entry)) {
      messages.push(`customProperties.${key}: must be a string, number, boolean or array of strings`)
    }
  }
  return messages.length > before ? undefined : (value as Record<string, CustomPropertyValue>)
}

export function validateContact(body: unknown, mode: ValidationMode): ContactValidation {
  if (!isPlainObject(body)) return { ok: false, messages: ["body: must be a JSON object"] }
  const messages: string[] = []
  const input: ContactInput = { identifiers: validateIdentifiers(body, mode, messages), profile: {} }
  for (const field of PROFILE_FIELDS) {
    const value = body[field]
    if (value !== undefined && validateProfileField(field, value, messages)) input.profile[field] = value as string
  }
  if (body.tags !== undefined) input.tags = validateTags(body.tags, messages)
  if (body.customProperties !== undefined) {
    input.customProperties = validateCustomProperties(body.customProperties, messages)
  }
  if (body.sendWelcomeMessage !== undefined && typeof body.sendWelcomeMessage !== "boolean") {
    messages.push("sendWelcomeMessage: must be a boolean")
  }
  // ASSUMPTION: a createdAt in the body dates a new contact (an import keeps its history).
  if (body.createdAt !== undefined) {
    if (isIsoDateTime(body.createdAt)) input.createdAt = body.createdAt
    else messages.push("createdAt: must be an ISO 8601 date-time (e.g. 2020-02-29T10:07:28Z)")
  }
  return messages.length > 0 ? { ok: false, messages } : { ok: true, input }
}
