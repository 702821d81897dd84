import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { internalErrorReason } from "./describe-internal-error"

/** Logs the failure of background work; a database error's statement and values never reach the log. */
export function reportFailure(container: MedusaContainer, description: string, error: unknown): void {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.error(`Omnisend: ${description} failed: ${internalErrorReason(error)}`)
}

/**
 * Runs background work (a subscriber, a middleware after its response) without letting a failure
 * escape into the event bus or the request: it is logged, by id only.
 */
export async function runSafely(container: MedusaContainer, description: string, work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    reportFailure(container, description, error)
  }
}
