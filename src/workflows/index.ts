export * from "./omnisend-events"
export * from "./record-customer-deleted-in-omnisend"
export * from "./sync-customer-to-omnisend"
export * from "./sync-order-customer-to-omnisend"
