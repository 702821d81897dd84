import { OmnisendInvalidDataError } from "../../modules/omnisend/client/errors"
import {
  describeInternalError,
  internalErrorReason,
  InternalFailureError,
  MAX_ERROR_TEXT_LENGTH,
  safeErrorText,
} from "../describe-internal-error"
import {
  codelessStatementError,
  connectionLostDuringLongStatementError,
  connectionRefusedError,
  duplicateKeyError,
  PERSONAL_DATA,
  poolTimeoutError,
  terminatedWhileSelectingError,
  uniqueViolationFromMikroOrm,
} from "./internal-error-fixtures"

function expectNoStatementNorPersonalData(text: string): void {
  for (const secret of PERSONAL_DATA) {
    expect(text).not.toContain(secret)
  }
  expect(text).not.toMatch(/\bvalues\b|\bwhere\b|omnisend_sync_ledger"|"customer"/i)
}

describe("describeInternalError", () => {
  const doing = "saving the progress of backfill run brun_1"

  it("describes a lost connection by its code, without the statement or its values", () => {
    const text = describeInternalError(terminatedWhileSelectingError(), doing)
    expect(text).toBe(
      "The database refused or lost the connection (code 57P01) while saving the progress of backfill run brun_1."
    )
    expectNoStatementNorPersonalData(text)
  })

  it("describes a connection lost during a long statement as a lost connection, without the statement", () => {
    const text = describeInternalError(connectionLostDuringLongStatementError(), doing)
    expect(text).toBe("The database refused or lost the connection while saving the progress of backfill run brun_1.")
    expectNoStatementNorPersonalData(text)
  })

  it.each([
    ["pg through knex", duplicateKeyError()],
    ["MikroORM", uniqueViolationFromMikroOrm()],
  ])("describes a duplicate key from %s by its code and constraint, without the parameters", (_, error) => {
    const text = describeInternalError(error, "recording the sync outcome of customer cus_1")
    expect(text).toBe(
      "The database refused a write that breaks one of its rules (code 23505), constraint " +
        "IDX_omnisend_sync_ledger_customer_id_unique, while recording the sync outcome of customer cus_1."
    )
    expectNoStatementNorPersonalData(text)
  })

  it("leaves out a statement with inlined values even when it has no code", () => {
    const text = describeInternalError(codelessStatementError(), doing)
    expect(text).toBe("A database statement failed while saving the progress of backfill run brun_1.")
    expectNoStatementNorPersonalData(text)
  })

  it.each([
    [connectionRefusedError(), "The database refused or lost the connection (code ECONNREFUSED) while "],
    [poolTimeoutError(), "The database refused or lost the connection while "],
  ])("describes an unreachable database as a lost connection", (error, start) => {
    expect(describeInternalError(error, doing).startsWith(start)).toBe(true)
  })

  it("tells the merchant to run the migrations when a table is missing", () => {
    const missing = Object.assign(new Error('select * from "omnisend_backfill_run" where "id" = $1 - relation does not exist'), {
      code: "42P01",
    })
    expect(describeInternalError(missing, doing)).toContain("run `npx medusa db:migrate`")
  })

  it("quotes an unexpected error's message with emails and phones masked", () => {
    const text = describeInternalError(new TypeError("no contact for jane.doe@example.com or +4915112345678"), "syncing this customer")
    expect(text).toBe("Unexpected TypeError while syncing this customer: no contact for j***@e***.com or +***78")
  })

  it("passes an Omnisend error's own message on, masked", () => {
    const error = new OmnisendInvalidDataError({ operation: "creating a contact", status: 400, text: "invalid email jane.doe@example.com" })
    expect(describeInternalError(error, doing)).toBe(safeErrorText(error.message))
    expect(describeInternalError(error, doing)).toContain("j***@e***.com")
  })

  it("reads the message of a failure the workflow engine hands back as a plain object", () => {
    const failure = { name: "LeaseTimeoutError", message: "Another process kept the lease of jane.doe@example.com" }
    expect(internalErrorReason(failure)).toBe("Another process kept the lease of j***@e***.com")
  })

  it("keeps a thrown string readable", () => {
    expect(describeInternalError("boom", doing)).toBe("Unexpected string while saving the progress of backfill run brun_1: boom")
  })

  it("caps the text", () => {
    const text = describeInternalError(new Error("x".repeat(5_000)), "y".repeat(5_000))
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_TEXT_LENGTH)
  })
})

describe("InternalFailureError", () => {
  it("carries only the description, and whether trying again may help", () => {
    const error = new InternalFailureError(terminatedWhileSelectingError(), "reading customers for backfill run brun_1")
    expect(error.message).toBe("The database refused or lost the connection (code 57P01) while reading customers for backfill run brun_1.")
    expect(error.transient).toBe(true)
    expect(error.cause).toBeUndefined()
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain("jane.doe")
    expect(new InternalFailureError(duplicateKeyError(), "x").transient).toBe(false)
  })

  it("is described as itself when described again", () => {
    const error = new InternalFailureError(duplicateKeyError(), "recording the sync outcome of customer cus_1")
    expect(describeInternalError(error, "running the workflow")).toBe(error.message)
    expect(new InternalFailureError(error, "running the workflow")).toMatchObject({ message: error.message, transient: false })
  })
})

describe("internalErrorReason", () => {
  it("gives a database failure's clause without the statement", () => {
    const reason = internalErrorReason(terminatedWhileSelectingError())
    expect(reason).toBe("the database refused or lost the connection (code 57P01)")
    expectNoStatementNorPersonalData(reason)
  })

  it("gives any other error's message, masked", () => {
    expect(internalErrorReason(new Error("duplicate key (email)=(jane.doe@example.com)"))).toBe("duplicate key (email)=(j***@e***.com)")
  })
})
