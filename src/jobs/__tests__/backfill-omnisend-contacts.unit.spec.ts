import type { MedusaContainer } from "@medusajs/framework/types"
import backfillOmnisendContactsJob from "../backfill-omnisend-contacts"
import { backfillOmnisendContactsWorkflow } from "../../workflows/backfill-omnisend-contacts"

jest.mock("../../workflows/backfill-omnisend-contacts", () => ({ backfillOmnisendContactsWorkflow: jest.fn() }))

const workflow = backfillOmnisendContactsWorkflow as unknown as jest.Mock

function containerWith(settings: { enabled: boolean; backfillScheduleEnabled: boolean }): MedusaContainer {
  const services: Record<string, unknown> = {
    omnisend: { getSyncSettings: async () => settings },
    logger: { error: jest.fn() },
  }
  return { resolve: (key: string) => services[key] } as unknown as MedusaContainer
}

describe("backfill-omnisend-contacts job", () => {
  let run: jest.Mock

  beforeEach(() => {
    run = jest.fn().mockResolvedValue({ errors: [] })
    workflow.mockReset().mockReturnValue({ run })
  })

  it("runs a backfill of customers never synced or changed since", async () => {
    await backfillOmnisendContactsJob(containerWith({ enabled: true, backfillScheduleEnabled: true }))
    expect(run).toHaveBeenCalledWith({ input: { mode: "changed" }, throwOnError: false })
  })

  it("does nothing while sync is off or no key is set", async () => {
    await backfillOmnisendContactsJob(containerWith({ enabled: false, backfillScheduleEnabled: true }))
    expect(workflow).not.toHaveBeenCalled()
  })

  it("does nothing while the merchant has the scheduled backfill off", async () => {
    await backfillOmnisendContactsJob(containerWith({ enabled: true, backfillScheduleEnabled: false }))
    expect(workflow).not.toHaveBeenCalled()
  })
})
