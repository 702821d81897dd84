import { OmnisendError } from "../modules/omnisend/client/errors"
import { maskPiiInText } from "../modules/omnisend/client/mask-pii"
import { classifyDatabaseFailure, type DatabaseFailure } from "./database-failure"

/** Longest text stored in a `last_error` column or written in a log line for one failure. */
export const MAX_ERROR_TEXT_LENGTH = 500
// Of which the quoted message of an unexpected error: enough to recognise it, too little to carry a record.
const MAX_QUOTED_MESSAGE_LENGTH = 200

function cap(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text
}

/** Free text made safe to store and show: one line, emails and phones masked, bounded. */
export function safeErrorText(text: string, maxLength = MAX_ERROR_TEXT_LENGTH): string {
  return cap(maskPiiInText(text.replace(/\s+/g, " ").trim()), maxLength)
}

/** What the database did, and what the merchant can do about it when anything. */
function databaseFailureClause({ kind, code, constraint }: DatabaseFailure): { what: string; remedy: string | null } {
  const codeText = code ? ` (code ${code})` : ""
  switch (kind) {
    case "connection":
      return { what: `the database refused or lost the connection${codeText}`, remedy: null }
    case "contention":
      return { what: `the database was too busy or the write collided with another one${codeText}`, remedy: null }
    case "constraint":
      return {
        what: `the database refused a write that breaks one of its rules${codeText}${constraint ? `, constraint ${constraint},` : ""}`,
        remedy: null,
      }
    case "schema":
      return {
        what: `the database lacks a table or column the plugin needs${codeText}`,
        remedy: "run `npx medusa db:migrate` and restart the store",
      }
    case "other":
      return { what: `a database statement failed${codeText}`, remedy: null }
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Why `error` happened, as a clause for a caller that frames it ("<what> failed: <reason>"): a
 * database failure by its codes only, any other error by its message, masked.
 */
export function internalErrorReason(error: unknown): string {
  if (error instanceof OmnisendError || error instanceof InternalFailureError) {
    return safeErrorText(error.message)
  }
  const databaseFailure = classifyDatabaseFailure(error)
  if (databaseFailure) {
    const { what, remedy } = databaseFailureClause(databaseFailure)
    return safeErrorText(remedy ? `${what}: ${remedy}` : what)
  }
  return safeErrorText(messageOf(error), MAX_QUOTED_MESSAGE_LENGTH)
}

// The workflow engine hands back a step's failure as a plain object with a message, not an Error.
function messageOf(error: unknown): string {
  if (error instanceof Error) {
    return error.message
  }
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message
  }
  return String(error)
}

/**
 * Any thrown value as a short text a merchant can read, safe to store (a run's or a customer's
 * `last_error`), serve (the admin API) and log. Database errors are described from their codes
 * alone: knex puts the statement in the message, and a statement can quote names, emails and
 * addresses. Omnisend's errors are already written for merchants. `doing` says what failed, for
 * whom: "saving the progress of backfill run brun_1".
 */
export function describeInternalError(error: unknown, doing: string): string {
  if (error instanceof OmnisendError || error instanceof InternalFailureError) {
    return safeErrorText(error.message)
  }
  const during = safeErrorText(doing, MAX_QUOTED_MESSAGE_LENGTH)
  const databaseFailure = classifyDatabaseFailure(error)
  if (databaseFailure) {
    const { what, remedy } = databaseFailureClause(databaseFailure)
    return safeErrorText(`${capitalized(what)} while ${during}${remedy ? `: ${remedy}` : ""}.`)
  }
  const name = error instanceof Error ? error.name : typeof error
  return safeErrorText(`Unexpected ${name} while ${during}: ${internalErrorReason(error)}`)
}

/**
 * An internal failure (database, bug) rethrown with only its safe description: whatever logs or
 * stores it (a workflow engine, the event bus, a route's error handler) sees no statement and no
 * personal data. The original error is dropped on purpose, not kept as `cause`.
 */
export class InternalFailureError extends Error {
  readonly code = "OMNISEND_INTERNAL_FAILURE"
  /** Whether trying the same thing a little later may work (a lost connection, a deadlock). */
  readonly transient: boolean

  constructor(error: unknown, doing: string) {
    super(describeInternalError(error, doing))
    this.name = "InternalFailureError"
    this.transient = error instanceof InternalFailureError ? error.transient : (classifyDatabaseFailure(error)?.transient ?? false)
  }
}
