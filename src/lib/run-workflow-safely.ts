import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { maskPiiInText } from "../modules/omnisend/client/mask-pii"

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
  // Database errors can quote row values (e.g. an email in a constraint violation): mask them.
  const report = (error: unknown) =>
    logger.error(`Omnisend: ${description} failed: ${maskPiiInText(error instanceof Error ? error.message : String(error))}`)
  try {
    const { errors } = await workflow(container).run({ input, throwOnError: false })
    errors.forEach(({ error }) => report(error))
  } catch (error) {
    report(error)
  }
}
