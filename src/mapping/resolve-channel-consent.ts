import type { ChannelStatus } from "../modules/omnisend/client/schemas"
import type { ChannelConsentMemory } from "./ledger-consent-state"
import { parseIsoTimestamp } from "./parse-iso-timestamp"

/**
 * The date of a status sent without any consent evidence. Omnisend keeps the status with the latest
 * statusDate, and v3 needs a channel status to create a contact: dating "nonSubscribed" at the epoch
 * lets every real status win over it, e.g. a subscription made through an Omnisend sign-up form
 * before the customer registered in the store.
 */
export const NO_CONSENT_STATUS_DATE = "1970-01-01T00:00:00.000Z"

export interface ChannelConsentInput {
  /** The channel's consent value in customer metadata. */
  value: unknown
  /** The channel's consent date in customer metadata. */
  valueAt: unknown
  /** What the ledger remembers for this channel. */
  memory: ChannelConsentMemory | undefined
  /** The normalised email / E.164 phone the status is for; null when the customer has none. */
  identifier: string | null
  /** The ledger already holds an Omnisend contact id for this customer. */
  contactExists: boolean
  now: Date
  /**
   * When a change of this evidence was seen to happen: the customer's updated_at (the save that
   * changed it, never later than `now`), else `now`.
   */
  seenAt?: Date
  /**
   * The customer's created_at: the date of undated evidence the plugin has never seen before. It
   * may have been given any time since, so the earliest moment is the only date that cannot
   * override a status Omnisend already has (an unsubscribe made there last year must win over a
   * consent ticked at registration years ago, found by a backfill or a later profile save).
   */
  createdAt?: Date
}

export interface ChannelConsentDecision {
  status: ChannelStatus
  statusDate: string
  /** Whether the channel status goes into this sync's request. */
  send: boolean
  /** What the ledger should store for this channel once the sync succeeded. */
  memory: ChannelConsentMemory
}

function readEvidence(value: unknown): boolean | null {
  if (value === true || value === "true") {
    return true
  }
  if (value === false || value === "false") {
    return false
  }
  return null
}

/**
 * When consent was given: the metadata date; else the date already kept for this value; else, when
 * the ledger recorded another value before, the save that changed it (a change the plugin saw
 * happen); else, for a value never seen, the customer's creation (the earliest it can be). Never the
 * time of an unrelated save, which could override a newer status made in Omnisend.
 */
function evidenceDate(
  evidence: boolean,
  input: Pick<ChannelConsentInput, "valueAt" | "memory" | "now" | "seenAt" | "createdAt">
): string {
  const { memory, now } = input
  const given = parseIsoTimestamp(input.valueAt)
  if (given && given.getTime() <= now.getTime()) {
    return given.toISOString()
  }
  const kept = memory?.evidence === evidence ? parseIsoTimestamp(memory.evidenceAt) : null
  if (kept) {
    return kept.toISOString()
  }
  const changedAt = earliest(input.seenAt, now)
  return (memory === undefined ? earliest(input.createdAt, changedAt) : changedAt).toISOString()
}

function earliest(candidate: Date | undefined, latest: Date): Date {
  return candidate && !Number.isNaN(candidate.getTime()) && candidate.getTime() < latest.getTime() ? candidate : latest
}

function sentPart(memory: ChannelConsentMemory | undefined): Partial<ChannelConsentMemory> {
  const sent: Partial<ChannelConsentMemory> = {}
  if (memory?.sentStatus !== undefined) {
    sent.sentStatus = memory.sentStatus
  }
  if (memory?.sentStatusDate !== undefined) {
    sent.sentStatusDate = memory.sentStatusDate
  }
  if (memory?.sentIdentifier !== undefined) {
    sent.sentIdentifier = memory.sentIdentifier
  }
  return sent
}

/**
 * Chooses one channel's status and whether to send it.
 * A create always carries the status (v3 requires channels). An update carries it only when it
 * differs from what was last sent: resending an old status could undo a newer change made in
 * Omnisend, such as an unsubscribe. A status without evidence is never sent on update, since it
 * could only lower what Omnisend has.
 */
export function resolveChannelConsent(input: ChannelConsentInput): ChannelConsentDecision {
  const { memory, identifier, contactExists, now } = input
  const evidence = readEvidence(input.value)
  const status: ChannelStatus = evidence === null ? "nonSubscribed" : evidence ? "subscribed" : "unsubscribed"
  const statusDate = evidence === null ? NO_CONSENT_STATUS_DATE : evidenceDate(evidence, input)
  const alreadySent =
    memory?.sentStatus === status &&
    memory.sentStatusDate === statusDate &&
    memory.sentIdentifier === identifier
  const send = identifier !== null && (!contactExists || (evidence !== null && !alreadySent))
  return {
    status,
    statusDate,
    send,
    memory: {
      evidence,
      evidenceAt: evidence === null ? null : statusDate,
      ...(send && identifier !== null
        ? { sentStatus: status, sentStatusDate: statusDate, sentIdentifier: identifier }
        : sentPart(memory)),
    },
  }
}
