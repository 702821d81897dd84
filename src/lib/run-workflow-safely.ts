import type { MedusaContainer } from "@medusajs/framework/types"
import { reportFailure, runSafely } from "./run-safely"

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
  await runSafely(container, description, async () => {
    const { errors } = await workflow(container).run({ input, throwOnError: false })
    errors.forEach(({ error }) => reportFailure(container, description, error))
  })
}
