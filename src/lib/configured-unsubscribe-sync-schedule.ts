import { configuredOmnisendOptions } from "./configured-omnisend-options"

/** The `unsubscribeSyncSchedule` plugin option, read when Medusa registers the job. */
export function configuredUnsubscribeSyncSchedule(): string {
  return configuredOmnisendOptions().unsubscribeSyncSchedule
}
