import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendError, OmnisendErrorCode } from "../../modules/omnisend/client"
import type { UnsubscribeSyncPosition } from "../../modules/omnisend/service"
import { readOmnisendUnsubscribe, type OmnisendUnsubscribe } from "../unsubscribes/omnisend-unsubscribe"
import type { UnsubscribeSyncTurn } from "./claim-unsubscribe-sync-turn"

export type PagedOmnisendUnsubscribe = OmnisendUnsubscribe & {
  /** Index of the page (in this run) it was read from. */
  page: number
}

export type OmnisendUnsubscribesRead =
  /** Sync is off, paused, or has no key: nothing was read and the position stays. */
  | { status: "off" }
  /** Another process is reading unsubscribes right now. */
  | { status: "busy" }
  | {
      status: "read"
      /** Where this run started. */
      position: UnsubscribeSyncPosition
      unsubscribes: PagedOmnisendUnsubscribe[]
      /** The cursor each page read started from (null: the first page). */
      page_cursors: Array<string | null>
      /** The next page to read; null when the list ended. */
      end_cursor: string | null
    }

/**
 * Reads the contacts Omnisend holds as unsubscribed, from the stored position, at most
 * `unsubscribeSyncMaxPages` pages. A failed call ends the reading where it failed, so the next run
 * reads that page again; what was read before it is still applied. A rejected key (401) pauses the
 * sync as every other Omnisend call does. Reads nothing when this run did not get the turn.
 */
export const readOmnisendUnsubscribesStep = createStep("read-omnisend-unsubscribes", async (turn: UnsubscribeSyncTurn, { container }) => {
  if (!turn.claimed) {
    return new StepResponse<OmnisendUnsubscribesRead>({ status: "busy" })
  }
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  // Read here, not passed in: step outputs may be stored by the workflow engine, and the settings
  // hold the API key.
  const settings = await omnisend.getSyncSettings()
  const client = settings.enabled ? omnisend.getClient(settings.apiKey, "background") : null
  if (!client) {
    return new StepResponse<OmnisendUnsubscribesRead>({ status: "off" })
  }
  const position = await omnisend.retrieveUnsubscribeSyncPosition()
  const maxPages = omnisend.getOptions().unsubscribeSyncMaxPages

  const unsubscribes: PagedOmnisendUnsubscribe[] = []
  const pageCursors: Array<string | null> = []
  let cursor = position.cursor
  while (pageCursors.length < maxPages) {
    try {
      const page = await client.listContacts({
        status: "unsubscribed",
        limit: client.adapter.maxListedContacts,
        cursor: cursor ?? undefined,
      })
      const pageIndex = pageCursors.push(cursor) - 1
      for (const contact of page.contacts) {
        const unsubscribe = readOmnisendUnsubscribe(contact)
        if (unsubscribe) {
          unsubscribes.push({ ...unsubscribe, page: pageIndex })
        }
      }
      cursor = page.nextCursor
    } catch (error) {
      if (!(error instanceof OmnisendError)) {
        throw error
      }
      if (error.code === OmnisendErrorCode.AUTH_FAILED) {
        await omnisend.pauseSyncForRejectedKey(settings.apiKey!, error.message)
      } else {
        logger.warn(`Omnisend: reading unsubscribed contacts stopped; the next run reads the same page again. ${error.message}`)
      }
      break
    }
    if (cursor === null) {
      break
    }
  }
  return new StepResponse<OmnisendUnsubscribesRead>({
    status: "read",
    position,
    unsubscribes,
    page_cursors: pageCursors,
    end_cursor: cursor,
  })
})
