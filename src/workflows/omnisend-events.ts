/**
 * Emitted by the plugin when a customer's contact must be brought up to date but Medusa emits no
 * customer event (address changes). Handled like customer.updated, off the storefront's request.
 */
export const OMNISEND_CUSTOMER_SYNC_REQUESTED = "omnisend.customer.sync_requested"
