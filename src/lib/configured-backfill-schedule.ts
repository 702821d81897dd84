import { configuredOmnisendOptions } from "./configured-omnisend-options"

/** The `backfillSchedule` plugin option, read when Medusa registers the job. */
export function configuredBackfillSchedule(): string {
  return configuredOmnisendOptions().backfillSchedule
}
