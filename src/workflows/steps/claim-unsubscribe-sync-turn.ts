import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PostgresLeases } from "../../lib/postgres-leases"

export const UNSUBSCRIBE_SYNC_LEASE_KEY = "omnisend:unsubscribe-sync"
// Longer than a run of a few pages takes; a process that dies holding it delays the next run at most this long.
const UNSUBSCRIBE_SYNC_LEASE_TTL_SECONDS = 600

export interface UnsubscribeSyncTurn {
  /** False when another process is reading unsubscribes right now: this run does nothing. */
  claimed: boolean
  owner_id: string
}

/**
 * One reading of Omnisend's unsubscribes at a time across the store's processes: with the default
 * in-memory workflow engine every worker runs the scheduled job, and two runs would read the same
 * pages twice and race on the stored position. Given back if the workflow fails.
 */
export const claimUnsubscribeSyncTurnStep = createStep(
  "claim-unsubscribe-sync-turn",
  async (_: void, { container }) => {
    const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    const turn: UnsubscribeSyncTurn = { claimed: false, owner_id: randomUUID() }
    turn.claimed = await leases.tryAcquire(UNSUBSCRIBE_SYNC_LEASE_KEY, turn.owner_id, UNSUBSCRIBE_SYNC_LEASE_TTL_SECONDS)
    return new StepResponse(turn, turn)
  },
  async (turn, { container }) => {
    if (turn?.claimed) {
      await new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION)).release(UNSUBSCRIBE_SYNC_LEASE_KEY, turn.owner_id)
    }
  }
)

/** What gives the turn back at the end: releasing as an owner that never got it changes nothing. */
export function unsubscribeSyncLease(turn: UnsubscribeSyncTurn): { key: string; ownerId: string } {
  return { key: UNSUBSCRIBE_SYNC_LEASE_KEY, ownerId: turn.owner_id }
}
