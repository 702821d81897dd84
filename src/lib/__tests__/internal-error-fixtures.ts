import { DriverException, UniqueConstraintViolationException } from "@medusajs/framework/mikro-orm/core"
import { KnexTimeoutError } from "knex"
import { DatabaseError } from "pg"

/** Errors as pg, knex and MikroORM throw them: knex prefixes the statement to the message. */

export const PERSONAL_DATA = ["jane.doe@example.com", "Jane", "Doe", "Baker Street 221B", "+4915112345678", "$1", "$2", "insert", "select"]

export function duplicateKeyError(): DatabaseError {
  const error = new DatabaseError(
    'insert into "omnisend_sync_ledger" ("customer_id", "email", "last_sent") values ($1, $2, $3) - ' +
      'duplicate key value violates unique constraint "IDX_omnisend_sync_ledger_customer_id_unique"',
    180,
    "error"
  )
  return Object.assign(error, {
    severity: "ERROR",
    code: "23505",
    detail: "Key (email)=(jane.doe@example.com) already exists.",
    schema: "public",
    table: "omnisend_sync_ledger",
    constraint: "IDX_omnisend_sync_ledger_customer_id_unique",
  })
}

export function terminatedWhileSelectingError(): DatabaseError {
  const error = new DatabaseError(
    `select "c".* from "customer" as "c" where "c"."email" = 'jane.doe@example.com' and "c"."first_name" = 'Jane' ` +
      `and "c"."last_name" = 'Doe' - terminating connection due to administrator command`,
    120,
    "error"
  )
  return Object.assign(error, { severity: "FATAL", code: "57P01" })
}

export function uniqueViolationFromMikroOrm(): UniqueConstraintViolationException {
  return new UniqueConstraintViolationException(duplicateKeyError())
}

export function connectionRefusedError(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
    errno: -111,
    syscall: "connect",
    address: "127.0.0.1",
    port: 5432,
  })
}

export function connectionTerminatedError(): Error {
  return new Error("Connection terminated unexpectedly")
}

export function poolTimeoutError(): KnexTimeoutError {
  return new KnexTimeoutError(
    "Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?"
  )
}

/**
 * A batch's upsert whose connection died mid-statement, wrapped by MikroORM as the store's module
 * service sees it: knex puts the whole statement, values inlined, before pg's own words.
 */
export function connectionLostDuringLongStatementError(): DriverException {
  const values = Array.from(
    { length: 400 },
    (_, i) => `('cus_${i}', 'customer${i}@example.com', '{"firstName":"Jane","phone":"+4915112345678"}')`
  ).join(", ")
  return new DriverException(
    new Error(
      `insert into "omnisend_sync_ledger" ("customer_id", "email", "last_sent") values ${values} - Connection terminated unexpectedly`
    )
  )
}

/**
 * A module service's next statement in a transaction that its lost connection already ended, as
 * MikroORM converts knex's error (seen when PostgreSQL terminated the store's connections).
 */
export function transactionEndedByLostConnectionError(): DriverException {
  return new DriverException(new Error("Transaction query already complete, run with DEBUG=knex:tx for more info"))
}

/** A statement with its values inlined and no code, as a raw query can fail. */
export function codelessStatementError(): Error {
  return new Error(
    `update "customer" set "address_1" = 'Baker Street 221B', "phone" = '+4915112345678' where "email" = 'jane.doe@example.com' - ` +
      "canceling statement due to user request"
  )
}
