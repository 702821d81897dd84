/**
 * Emitted by the plugin when a customer's contact must be brought up to date but Medusa emits no
 * customer event (address changes). Handled like customer.updated, off the storefront's request.
 */
export const OMNISEND_CUSTOMER_SYNC_REQUESTED = "omnisend.customer.sync_requested"

/**
 * Emitted when a backfill run was created (or an interrupted one should be resumed) from the admin:
 * the backfill then runs in a worker, not in the request.
 */
export const OMNISEND_BACKFILL_REQUESTED = "omnisend.backfill.requested"
