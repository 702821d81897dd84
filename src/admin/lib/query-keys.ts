/** TanStack Query keys of the plugin's data; invalidating ["omnisend"] refreshes all of it. */
export const omnisendQueryKeys = {
  all: ["omnisend"] as const,
  settings: ["omnisend", "settings"] as const,
  status: ["omnisend", "status"] as const,
  backfill: ["omnisend", "backfill"] as const,
  customer: (customerId: string) => ["omnisend", "customer", customerId] as const,
}
