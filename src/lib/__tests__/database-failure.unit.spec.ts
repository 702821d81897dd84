import { classifyDatabaseFailure } from "../database-failure"
import {
  codelessStatementError,
  connectionLostDuringLongStatementError,
  connectionRefusedError,
  connectionTerminatedError,
  duplicateKeyError,
  poolTimeoutError,
  transactionEndedByLostConnectionError,
  terminatedWhileSelectingError,
  uniqueViolationFromMikroOrm,
} from "./internal-error-fixtures"

describe("classifyDatabaseFailure", () => {
  it("reads a lost connection from its SQLSTATE, and finds it worth retrying", () => {
    expect(classifyDatabaseFailure(terminatedWhileSelectingError())).toEqual({
      kind: "connection",
      code: "57P01",
      constraint: null,
      transient: true,
    })
  })

  it("reads a database that refuses new connections for a while as a lost connection, worth retrying", () => {
    const refusing = Object.assign(new Error('database "store" is not currently accepting connections'), { code: "55000" })
    expect(classifyDatabaseFailure(refusing)).toEqual({ kind: "connection", code: "55000", constraint: null, transient: true })
  })

  it("reads a broken unique rule, with the constraint's name, as not worth retrying", () => {
    const expected = {
      kind: "constraint",
      code: "23505",
      constraint: "IDX_omnisend_sync_ledger_customer_id_unique",
      transient: false,
    }
    expect(classifyDatabaseFailure(duplicateKeyError())).toEqual(expected)
    expect(classifyDatabaseFailure(uniqueViolationFromMikroOrm())).toEqual(expected)
  })

  it.each([
    ["a refused socket", connectionRefusedError(), "ECONNREFUSED"],
    ["a connection pg lost without a code", connectionTerminatedError(), null],
    ["knex's pool timeout", poolTimeoutError(), null],
    ["a lost connection after a statement too long to scan whole", connectionLostDuringLongStatementError(), null],
    ["a statement in a transaction its lost connection ended, from MikroORM", transactionEndedByLostConnectionError(), null],
  ])("reads %s as a transient connection failure", (_, error, code) => {
    expect(classifyDatabaseFailure(error)).toMatchObject({ kind: "connection", code, transient: true })
  })

  it.each([
    ["40P01", "contention", true],
    ["57014", "contention", true],
    ["53300", "contention", true],
    ["08006", "connection", true],
    ["42P01", "schema", false],
    ["XX000", "other", false],
  ])("reads SQLSTATE %s as %s", (code, kind, transient) => {
    expect(classifyDatabaseFailure(Object.assign(new Error("x"), { code }))).toMatchObject({ kind, code, transient })
  })

  it("knows a statement in a message without a code as a database failure", () => {
    expect(classifyDatabaseFailure(codelessStatementError())).toMatchObject({ kind: "other", code: null, transient: false })
  })

  it("looks through causes", () => {
    expect(classifyDatabaseFailure(new Error("saving failed", { cause: duplicateKeyError() }))?.code).toBe("23505")
  })

  it.each([
    ["a bug", new TypeError("Cannot read properties of undefined (reading 'id')")],
    ["a socket-like non-database code", Object.assign(new Error("write EPIPE"), { code: "ERR_STREAM_DESTROYED" })],
    ["a sentence that merely mentions selecting", new Error("select a value from the list")],
    ["a string", "boom"],
    ["nothing", undefined],
  ])("finds no database failure in %s", (_, error) => {
    expect(classifyDatabaseFailure(error)).toBeNull()
  })
})
