import type { MedusaContainer } from "@medusajs/framework/types"
import { runWorkflowSafely } from "../run-workflow-safely"
import { terminatedWhileSelectingError } from "./internal-error-fixtures"

function containerWithLogger(lines: string[]): MedusaContainer {
  const logger = { error: (line: string) => lines.push(line) }
  return { resolve: () => logger } as unknown as MedusaContainer
}

describe("runWorkflowSafely", () => {
  it("logs the workflow's errors with emails masked, and does not throw", async () => {
    const lines: string[] = []
    const workflow = () => ({
      run: async () => ({ errors: [{ error: new Error("duplicate key (email)=(jane.doe@example.com)") }] }),
    })
    await expect(
      runWorkflowSafely(containerWithLogger(lines), workflow, { customer_id: "cus_1" }, "sync of customer cus_1")
    ).resolves.toBeUndefined()
    expect(lines).toEqual(["Omnisend: sync of customer cus_1 failed: duplicate key (email)=(j***@e***.com)"])
  })

  it("keeps a workflow that throws from reaching the event bus", async () => {
    const lines: string[] = []
    const workflow = () => ({
      run: async (): Promise<{ errors: Array<{ error: unknown }> }> => {
        throw new Error("boom")
      },
    })
    await runWorkflowSafely(containerWithLogger(lines), workflow, {}, "recording a deletion")
    expect(lines).toEqual(["Omnisend: recording a deletion failed: boom"])
  })

  it("logs a database error by its code, without the statement or its values", async () => {
    const lines: string[] = []
    const workflow = () => ({ run: async () => ({ errors: [{ error: terminatedWhileSelectingError() }] }) })
    await runWorkflowSafely(containerWithLogger(lines), workflow, { customer_id: "cus_1" }, "sync of customer cus_1")
    expect(lines).toEqual(["Omnisend: sync of customer cus_1 failed: the database refused or lost the connection (code 57P01)"])
  })

  it("logs nothing when the workflow succeeds", async () => {
    const lines: string[] = []
    await runWorkflowSafely(containerWithLogger(lines), () => ({ run: async () => ({ errors: [] }) }), {}, "sync")
    expect(lines).toEqual([])
  })
})
