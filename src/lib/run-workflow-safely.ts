import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

type RunnableWorkflow<TInput> = (container: MedusaContainer) => {
  run(args: { input: TInput; throwOnError: false }): Promise<{ errors: Array<{ error: unknown }> }>
}

/**
 * Runs a workflow from a subscriber without letting a failure escape into the event bus: Omnisend
 * failures are already recorded in the ledger by the workflow; anything else is logged, by id only.
 */
export async function runWorkflowSafely<TInput>(
  container: MedusaContainer,
  workflow: RunnableWorkflow<TInput>,
  input: TInput,
  description: string
): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { errors } = await workflow(container).run({ input, throwOnError: false })
    for (const { error } of errors) {
      logger.error(`Omnisend: ${description} failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  } catch (error) {
    logger.error(`Omnisend: ${description} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
