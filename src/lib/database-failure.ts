/**
 * What kind of database failure an error is, read from its codes and class names only: the message
 * of a PostgreSQL, knex or MikroORM error quotes the query and often its values.
 */
export type DatabaseFailureKind =
  /** The connection was refused, lost or never became free (restart, failover, network, full pool). */
  | "connection"
  /** Busy or in conflict with another transaction (deadlock, lock or statement timeout, too many connections). */
  | "contention"
  /** A write broke a rule of the schema (unique, foreign key, not null, check). */
  | "constraint"
  /** A table or column is missing: migrations have not run. */
  | "schema"
  | "other"

export interface DatabaseFailure {
  kind: DatabaseFailureKind
  /** The SQLSTATE (e.g. 57P01) or the socket error code (e.g. ECONNRESET); null when there is none. */
  code: string | null
  /** The constraint a write broke, when PostgreSQL named it. */
  constraint: string | null
  /** Whether the same statement may succeed a little later. */
  transient: boolean
}

// SQLSTATE: two-character class (digits, or XX/HV/P0/F0) and three characters; never a socket code like EPIPE.
const SQLSTATE = /^(?:\d{2}|XX|HV|P0|F0)[0-9A-Z]{3}$/
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
])
// Texts of pg and knex connection failures that carry no code; they quote no query. A transaction
// "already complete" under a statement was ended by its lost connection while the call still ran.
const CONNECTION_TEXT =
  /Connection terminated|Transaction query already complete|connection error and is not queryable|Client was closed|Timeout acquiring a connection|terminating connection|the database system is (?:starting up|shutting down|in recovery mode)|is not currently accepting connections|timeout exceeded when trying to connect|terminated due to connection timeout/i
// A statement that can carry values: a SELECT with a WHERE, an INSERT with VALUES, an UPDATE, a DELETE.
const SQL_TEXT = /\bselect\b[\s\S]*?\bfrom\b[\s\S]*?\bwhere\b|\binsert\s+into\b[\s\S]*?\bvalues\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b/i
// knex puts the statement (with its values) first and the driver's own message last, after " - ": a
// batch's statement can be a megabyte, so only its head and its tail are scanned.
const SCANNED_MESSAGE_LENGTH = 10_000
const SCANNED_MESSAGE_TAIL_LENGTH = 2_000
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
const MAX_CAUSE_DEPTH = 5

const MIKRO_ORM_KINDS: Array<[RegExp, DatabaseFailureKind]> = [
  [/^ConnectionException$/, "connection"],
  [/^(?:Deadlock|LockWaitTimeout)Exception$/, "contention"],
  [/ConstraintViolationException$/, "constraint"],
  [/^(?:TableNotFound|InvalidFieldName)Exception$/, "schema"],
]

function kindOfSqlState(code: string): DatabaseFailureKind {
  if (code.startsWith("08") || /^57P0[1-5]$/.test(code)) {
    return "connection"
  }
  if (code.startsWith("53") || code.startsWith("40") || code === "55P03" || code === "57014") {
    return "contention"
  }
  if (code.startsWith("23")) {
    return "constraint"
  }
  if (code === "42P01" || code === "42703" || code === "3F000") {
    return "schema"
  }
  return "other"
}

function stringField(value: unknown, field: string): string | undefined {
  const found = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[field] : undefined
  return typeof found === "string" ? found : undefined
}

function classifyOne(error: unknown): DatabaseFailure | null {
  const code = stringField(error, "sqlState") ?? stringField(error, "code")
  const name = stringField(error, "name") ?? ""
  const fullMessage = stringField(error, "message") ?? ""
  const message = fullMessage.slice(0, SCANNED_MESSAGE_LENGTH)
  const connectionText =
    CONNECTION_TEXT.test(message) || CONNECTION_TEXT.test(fullMessage.slice(-SCANNED_MESSAGE_TAIL_LENGTH))
  const constraintName = stringField(error, "constraint")
  const constraint = constraintName && IDENTIFIER.test(constraintName) ? constraintName : null
  const failure = (kind: DatabaseFailureKind, withCode: string | null): DatabaseFailure => ({
    kind,
    code: withCode,
    constraint: kind === "constraint" ? constraint : null,
    transient: kind === "connection" || kind === "contention",
  })
  if (code && SQLSTATE.test(code)) {
    const kind = kindOfSqlState(code)
    // 55000 is generic; with this text it is a database refusing new connections for a while.
    return failure(kind === "other" && connectionText ? "connection" : kind, code)
  }
  if (code && SOCKET_CODES.has(code)) {
    return failure("connection", code)
  }
  const mikroOrmKind = MIKRO_ORM_KINDS.find(([pattern]) => pattern.test(name))?.[1]
  if (mikroOrmKind) {
    return failure(mikroOrmKind, null)
  }
  if (name === "KnexTimeoutError" || connectionText) {
    return failure("connection", null)
  }
  if (SQL_TEXT.test(message) || name === "DriverException" || name === "ServerException") {
    return failure("other", null)
  }
  return null
}

/** The database failure behind `error` (or one of its causes); null when it is none. */
export function classifyDatabaseFailure(error: unknown): DatabaseFailure | null {
  let current = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    const failure = classifyOne(current)
    if (failure) {
      return failure
    }
    current = (current as { cause?: unknown }).cause
  }
  return null
}
