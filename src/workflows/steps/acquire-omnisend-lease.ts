import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PostgresLeases } from "../../lib/postgres-leases"

export interface OmnisendLeaseInput {
  key: string
  ownerId: string
  /** Seconds the lease lasts if its owner dies without releasing it. */
  ttl: number
  /** Seconds to wait for another owner to finish. */
  timeout: number
  /** Seconds between tries while waiting. */
  retryInterval: number
}

/** Takes a lease that holds across processes (PostgreSQL); given back if the workflow fails. */
export const acquireOmnisendLeaseStep = createStep(
  "acquire-omnisend-lease",
  async (input: OmnisendLeaseInput, { container }) => {
    const leases = new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
    await leases.acquire(input.key, {
      ownerId: input.ownerId,
      ttlSeconds: input.ttl,
      timeoutSeconds: input.timeout,
      retryIntervalMs: input.retryInterval * 1000,
    })
    return new StepResponse(undefined, { key: input.key, ownerId: input.ownerId })
  },
  async (lease, { container }) => {
    if (lease) {
      await new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION)).release(lease.key, lease.ownerId)
    }
  }
)

export const releaseOmnisendLeaseStep = createStep(
  "release-omnisend-lease",
  async (input: Pick<OmnisendLeaseInput, "key" | "ownerId">, { container }) => {
    await new PostgresLeases(container.resolve(ContainerRegistrationKeys.PG_CONNECTION)).release(input.key, input.ownerId)
    return new StepResponse(undefined)
  }
)
