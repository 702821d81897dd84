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
   * The earliest moment the plugin could have seen this evidence: the customer's updated_at (the
   * consent cannot be younger than the last save of the record), else `now`. For a customer synced
   * for the first time by a backfill this keeps an old consent from being dated today, which could
   * override a later unsubscribe made in Omnisend.
   */
  seenAt?: Date
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

// When consent was given: the metadata date, else when the plugin first saw this value. Never the
// time of the current save, which may be an unrelated profile change.
function evidenceDate(
  evidence: boolean,
  valueAt: unknown,
  memory: ChannelConsentMemory | undefined,
  now: Date,
  seenAt: Date
): string {
  const given = parseIsoTimestamp(valueAt)
  if (given && given.getTime() <= now.getTime()) {
    return given.toISOString()
  }
  const firstSeen = memory?.evidence === evidence ? parseIsoTimestamp(memory.evidenceAt) : null
  return (firstSeen ?? seenAt).toISOString()
}

function earliest(seenAt: Date | undefined, now: Date): Date {
  return seenAt && !Number.isNaN(seenAt.getTime()) && seenAt.getTime() < now.getTime() ? seenAt : now
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
  const statusDate =
    evidence === null ? NO_CONSENT_STATUS_DATE : evidenceDate(evidence, input.valueAt, memory, now, earliest(input.seenAt, now))
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
