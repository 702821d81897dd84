import type { ChannelStatus } from "../modules/omnisend/client/schemas"

/** What the sync ledger remembers about one channel's consent between syncs. Dates are ISO strings. */
export interface ChannelConsentMemory {
  /** Last consent value seen in metadata (null = none). */
  evidence: boolean | null
  /** When that consent was given: the metadata date, else when the plugin first saw this value. */
  evidenceAt: string | null
  /** Last status successfully sent to Omnisend for this channel. */
  sentStatus?: ChannelStatus
  sentStatusDate?: string
  /** The email / phone the status was sent for. */
  sentIdentifier?: string
}

/** The ledger's JSON consent column. */
export interface LedgerConsentState {
  email?: ChannelConsentMemory
  sms?: ChannelConsentMemory
}
