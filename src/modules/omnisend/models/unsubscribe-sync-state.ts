import { model } from "@medusajs/framework/utils"

/**
 * Where the job that reads unsubscribes from Omnisend goes on (a single row). v3 lists contacts by
 * status with no "changed since" filter, so each run reads a few pages and the next run continues;
 * after the last page the list is read again from the start.
 */
const UnsubscribeSyncState = model.define("omnisend_unsubscribe_sync_state", {
  id: model.id({ prefix: "omuns" }).primaryKey(),
  /** The query of the next page to read (Omnisend's `paging.next`); null: the first page. */
  cursor: model.text().nullable(),
  /** Runs in a row that stayed at this cursor because a customer on its pages could not be updated. */
  failed_runs_at_cursor: model.number().default(0),
})

export default UnsubscribeSyncState
