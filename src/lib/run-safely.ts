import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { maskPiiInText } from "../modules/omnisend/client/mask-pii"

/** Logs the failure of background work; database errors can quote row values (an email), so it is masked. */
export function reportFailure(container: MedusaContainer, description: string, error: unknown): void {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const message = error instanceof Error ? error.message : String(error)
  logger.error(`Omnisend: ${description} failed: ${maskPiiInText(message)}`)
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
