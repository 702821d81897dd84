import { copyChannels, copyCustomProperties } from "./copy-contact-parts"
import type {
  Channel,
  ChannelOptIn,
  ChannelState,
  ChannelStatus,
  ContactIdentifier,
  CustomPropertyValue,
  EmulatedContact,
} from "./types"

/**
 * How Omnisend v3 renders a contact in each of its answers. Every answer is built fresh, so no
 * client can change the emulator's state through what it receives.
 */

/** CONTRACT: create_contact, get_contact, get_contacts_by_email: the whole contact, keys in this order. */
export interface ContactAnswer {
  email: string
  contactID: string
  createdAt: string
  firstName: string
  lastName: string
  country: string
  countryCode: string
  state: string
  city: string
  postalCode: string
  address: string
  gender: string
  phone: string | null
  birthdate: string
  status: ChannelStatus
  tags: string[]
  segments: string[]
  statuses: Array<{ channel: Channel; status: ChannelStatus; date: string }>
  optIns: ChannelOptIn[]
  consents: null
  customProperties: Record<string, CustomPropertyValue> | null
  identifiers: Array<{ id: string; type: ContactIdentifier["type"]; channels: ContactIdentifier["channels"] }>
}

/** CONTRACT: patch_contact: PATCH answers only these four. */
export interface PatchAnswer {
  email: string
  contactID: string
  firstName: string
  lastName: string
}

/** CONTRACT: get_batch_items: a successful item answers the short {email, contactID}. */
export interface BatchItemSuccessAnswer {
  email: string
  contactID: string
}

// ASSUMPTION: the contract shows unset strings only for gender (""); the other string fields
// (names, address, birthdate, and the email of a phone-only contact) are answered "" as well.
// The plugin must accept null or absence there too.
const UNSET_TEXT = ""

// ASSUMPTION: a phone-only contact has no email channel; its top-level status reads nonSubscribed.
const NO_EMAIL_STATUS: ChannelStatus = "nonSubscribed"

export function contactAnswer(contact: EmulatedContact): ContactAnswer {
  const channels = channelStates(contact)
  return {
    email: contact.email ?? UNSET_TEXT,
    contactID: contact.contactID,
    createdAt: contact.createdAt,
    firstName: contact.firstName ?? UNSET_TEXT,
    lastName: contact.lastName ?? UNSET_TEXT,
    country: contact.country ?? UNSET_TEXT,
    countryCode: contact.countryCode ?? UNSET_TEXT,
    state: contact.state ?? UNSET_TEXT,
    city: contact.city ?? UNSET_TEXT,
    postalCode: contact.postalCode ?? UNSET_TEXT,
    address: contact.address ?? UNSET_TEXT,
    // CONTRACT: create_contact: gender is "" when unset.
    gender: contact.gender ?? UNSET_TEXT,
    // CONTRACT: create_contact: phone is null when unset; REFERENCE: else E.164.
    phone: contact.phone ?? null,
    birthdate: contact.birthdate ?? UNSET_TEXT,
    // CONTRACT: create_contact: status is the email channel's.
    status: channels.find((entry) => entry.channel === "email")?.state.status ?? NO_EMAIL_STATUS,
    tags: [...contact.tags],
    // ASSUMPTION: the emulator has no segments, so no contact is in any.
    segments: [],
    // CONTRACT: create_contact: one status per channel the contact has.
    statuses: channels.map(({ channel, state }) => ({ channel, status: state.status, date: state.statusDate })),
    optIns: contact.optIns.map((optIn) => ({ channel: optIn.channel, date: optIn.date })),
    // CONTRACT: create_contact: consents null (the plugin sends none).
    consents: null,
    // CONTRACT: create_contact: customProperties null when there are none.
    customProperties: hasOwnKeys(contact.customProperties) ? copyCustomProperties(contact.customProperties) : null,
    identifiers: contact.identifiers.map(identifierAnswer),
  }
}

export function patchAnswer(contact: EmulatedContact): PatchAnswer {
  return {
    email: contact.email ?? UNSET_TEXT,
    contactID: contact.contactID,
    firstName: contact.firstName ?? UNSET_TEXT,
    lastName: contact.lastName ?? UNSET_TEXT,
  }
}

export function batchItemSuccessAnswer(contact: EmulatedContact): BatchItemSuccessAnswer {
  return { email: contact.email ?? UNSET_TEXT, contactID: contact.contactID }
}

function channelStates(contact: EmulatedContact): Array<{ channel: Channel; state: ChannelState }> {
  const states: Array<{ channel: Channel; state: ChannelState }> = []
  for (const identifier of contact.identifiers) {
    const channel: Channel = identifier.type === "email" ? "email" : "sms"
    const state = identifier.channels[channel]
    if (state) states.push({ channel, state })
  }
  return states
}

// CONTRACT: create_contact: an identifier answers id, type, channels, in that order.
function identifierAnswer(identifier: ContactIdentifier): ContactAnswer["identifiers"][number] {
  return { id: identifier.id, type: identifier.type, channels: copyChannels(identifier.channels) }
}

function hasOwnKeys(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true
  return false
}
