import type { MedusaContainer } from "@medusajs/framework/types"
import syncUnsubscribesFromOmnisendJob from "../sync-unsubscribes-from-omnisend"
import { syncUnsubscribesFromOmnisendWorkflow } from "../../workflows/sync-unsubscribes-from-omnisend"

jest.mock("../../workflows/sync-unsubscribes-from-omnisend", () => ({ syncUnsubscribesFromOmnisendWorkflow: jest.fn() }))

const workflow = syncUnsubscribesFromOmnisendWorkflow as unknown as jest.Mock

function containerWith(unsubscribeSyncEnabled: boolean, logger = { error: jest.fn() }): MedusaContainer {
  const services: Record<string, unknown> = {
    omnisend: { getOptions: () => ({ unsubscribeSyncEnabled }) },
    logger,
  }
  return { resolve: (key: string) => services[key] } as unknown as MedusaContainer
}

describe("sync-unsubscribes-from-omnisend job", () => {
  let run: jest.Mock

  beforeEach(() => {
    run = jest.fn().mockResolvedValue({ errors: [] })
    workflow.mockReset().mockReturnValue({ run })
  })

  it("runs the workflow", async () => {
    await syncUnsubscribesFromOmnisendJob(containerWith(true))
    expect(run).toHaveBeenCalledWith({ input: undefined, throwOnError: false })
  })

  it("does nothing while the option turns it off", async () => {
    await syncUnsubscribesFromOmnisendJob(containerWith(false))
    expect(workflow).not.toHaveBeenCalled()
  })

  it("never throws: a failed run is logged with emails masked", async () => {
    const logger = { error: jest.fn() }
    run.mockResolvedValue({ errors: [{ error: new Error("duplicate key for jane.doe@example.com") }] })
    await expect(syncUnsubscribesFromOmnisendJob(containerWith(true, logger))).resolves.toBeUndefined()
    expect(logger.error).toHaveBeenCalledWith(expect.not.stringContaining("jane.doe@example.com"))
  })
})
