import http from "node:http"
import { readdirSync, readFileSync, readlinkSync } from "node:fs"
import { startOmnisendEmulator } from "../../tools/omnisend-emulator"
import type { OmnisendEmulator, RateLimitOptions } from "../../tools/omnisend-emulator/types"
import { RATE_LIMITED_BODY, UNAUTHORIZED_BODY } from "../../tools/omnisend-emulator/error-bodies"

/**
 * The Omnisend emulator of `npm run test:chaos`, in a process of its own (started with fork), with
 * a control channel over IPC: the chaos run switches faults while the store's processes talk to it
 * over HTTP, and reads what Omnisend now holds and what it answered.
 *
 * Messages in: { id, cmd, args }; answers: { type: "reply", id, ok, result | error }.
 * Besides the emulator's own faults (a share of 503s, a rate limit) this process adds, in front of
 * the emulator's HTTP handler:
 *  - a revoked key (401 with Omnisend's body for every request carrying it, until restored);
 *  - 429 storms (every request answered 429 with X-Rate-Limit-* headers for a while);
 *  - its own request log: every request with its arrival time, route and final status (the
 *    wrapper's 401s included), the API key never kept;
 *  - for each POST /v3/batches, the process that sent it (the owner of the client socket, read from
 *    /proc among the candidate pids the chaos run names): that is how it finds the worker running
 *    the backfill.
 */

interface LogEntry {
  t: number
  method: string
  route: string
  status: number
  /** Pid of the sender, for POST /v3/batches only. */
  pid: number | null
}

type Expected = [customerId: string, email: string, firstName: string | null, lastName: string | null]

const log: LogEntry[] = []
let emulator: OmnisendEmulator
let revoked = false
let rateLimit: RateLimitOptions | null = null
let unavailableRate = 0
let candidatePids: number[] = []
/** A 429 storm: until `until`, every request is answered 429 (a window spent by someone else). */
const storm = { until: 0 }

function routeOf(method: string, path: string): string {
  return `${method} ${path.replace(/^\/v3\/(batches|contacts)\/[^/]+/, "/v3/$1/{id}")}`
}

/** The inode of the TCP socket whose local port is `port` and peer port is `peerPort`, from /proc. */
function socketInode(port: number, peerPort: number): string | null {
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string
    try {
      text = readFileSync(file, "utf8")
    } catch {
      continue
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields.length < 10) continue
      const local = parseInt(fields[1].split(":").pop()!, 16)
      const remote = parseInt(fields[2].split(":").pop()!, 16)
      if (local === port && remote === peerPort) return fields[9]
    }
  }
  return null
}

/** Which of the candidate processes holds the client end of this request's connection. */
function senderOf(request: http.IncomingMessage): number | null {
  const port = request.socket.remotePort
  if (!port || candidatePids.length === 0) return null
  const inode = socketInode(port, emulator.port)
  if (!inode) return null
  const target = `socket:[${inode}]`
  for (const pid of candidatePids) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid
      } catch {
        // The descriptor closed meanwhile.
      }
    }
  }
  return null
}

function front(request: http.IncomingMessage, response: http.ServerResponse, inner: http.RequestListener): void {
  const method = request.method ?? "GET"
  const path = (request.url ?? "/").split("?")[0]
  const entry: LogEntry = { t: Date.now(), method, route: routeOf(method, path), status: 0, pid: null }
  log.push(entry)
  response.on("finish", () => (entry.status = response.statusCode))
  response.on("close", () => (entry.status ||= -1))
  const key = request.headers["x-api-key"]
  if (revoked && (Array.isArray(key) ? key[0] : key) === emulator.apiKey) {
    request.resume()
    request.on("end", () => {
      const payload = JSON.stringify(UNAUTHORIZED_BODY)
      response.writeHead(401, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) })
      response.end(payload)
    })
    return
  }
  if (entry.route === "POST /v3/batches") {
    entry.pid = senderOf(request)
  }
  if (entry.t < storm.until) {
    // A 429 storm: every request is refused as over the limit until it ends, whatever the window says.
    request.resume()
    request.on("end", () => {
      const payload = JSON.stringify(RATE_LIMITED_BODY)
      response.writeHead(429, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        "X-Rate-Limit-Limit": String(rateLimit?.limit ?? 400),
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": String(Math.max(1, Math.ceil((storm.until - Date.now()) / 1000))),
      })
      response.end(payload)
    })
    return
  }
  inner(request, response)
}

/** Starts the emulator with `front` placed before its own request handler. */
async function startWrapped(): Promise<OmnisendEmulator> {
  const original = http.createServer
  const patched = ((listener: http.RequestListener) =>
    original((request, response) => front(request, response, listener))) as unknown as typeof http.createServer
  http.createServer = patched
  try {
    return await startOmnisendEmulator({ recordBodies: false, rateLimit })
  } finally {
    http.createServer = original
  }
}

function applyFaults(): void {
  emulator.configure({ faults: { unavailableRate } })
}

function check(expected: Expected[], full: boolean) {
  let present = 0
  let correct = 0
  const missing: string[] = []
  const stale: Array<{ email: string; has: Array<string | null>; latest: Array<string | null>; updatedAt: string }> = []
  for (const [, email, firstName, lastName] of expected) {
    const contact = emulator.state.contactByEmail(email)
    if (!contact) {
      if (missing.length < 5) missing.push(email)
      continue
    }
    present++
    if ((contact.firstName ?? "") === (firstName ?? "") && (contact.lastName ?? "") === (lastName ?? "")) {
      correct++
    } else if (stale.length < 5) {
      stale.push({
        email,
        has: [contact.firstName ?? null, contact.lastName ?? null],
        latest: [firstName, lastName],
        updatedAt: contact.updatedAt,
      })
    }
  }
  const result: Record<string, unknown> = { expected: expected.length, present, correct, missing, stale }
  if (full) {
    // Several contacts for one customer: the same email in another case, or the customer's id on two contacts.
    const byEmail = new Map<string, number>()
    const byCustomer = new Map<string, number>()
    for (const contact of emulator.state.contacts()) {
      if (contact.email) byEmail.set(contact.email.toLowerCase(), (byEmail.get(contact.email.toLowerCase()) ?? 0) + 1)
      const id = contact.customProperties?.medusa_customer_id
      if (typeof id === "string") byCustomer.set(id, (byCustomer.get(id) ?? 0) + 1)
    }
    let duplicated = 0
    const examples: string[] = []
    for (const [customerId, email] of expected) {
      const extra = Math.max((byEmail.get(email.toLowerCase()) ?? 0) - 1, (byCustomer.get(customerId) ?? 0) - 1, 0)
      if (extra > 0) {
        duplicated += extra
        if (examples.length < 5) examples.push(email)
      }
    }
    result.duplicated = duplicated
    result.duplicateExamples = examples
    result.totalContacts = byEmail.size
  }
  return result
}

function stats(from: number, to: number = log.length) {
  const entries = log.slice(from, to)
  const byStatus: Record<string, number> = {}
  const byRoute: Record<string, number> = {}
  let first401: { index: number; t: number } | null = null
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1
    byRoute[entry.route] = (byRoute[entry.route] ?? 0) + 1
    if (entry.status === 401 && !first401) first401 = { index: from + index, t: entry.t }
  }
  const afterFirst401 = first401 ? log.slice(first401.index + 1, to) : []
  return {
    total: entries.length,
    byStatus,
    byRoute,
    rateLimited: byStatus["429"] ?? 0,
    batchPosts: entries.filter((entry) => entry.route === "POST /v3/batches").length,
    batchPostsAccepted: entries.filter((entry) => entry.route === "POST /v3/batches" && entry.status === 200).length,
    first401At: first401?.t ?? null,
    callsAfterFirst401: afterFirst401.length,
    callsAfterFirst401ByRoute: afterFirst401.reduce<Record<string, number>>((counts, entry) => {
      counts[`${entry.route} ${entry.status}`] = (counts[`${entry.route} ${entry.status}`] ?? 0) + 1
      return counts
    }, {}),
    lastAt: entries.at(-1)?.t ?? null,
  }
}

const commands: Record<string, (args: any) => unknown> = {
  setRateLimit: ({ limit, windowMs }: { limit: number | null; windowMs?: number }) => {
    rateLimit = limit ? { limit, windowMs: windowMs ?? 60_000 } : null
    emulator.configure({ rateLimit })
    return { t: Date.now() }
  },
  setUnavailable: ({ rate }: { rate: number }) => {
    unavailableRate = rate
    applyFaults()
    return { t: Date.now() }
  },
  storm429: ({ durationMs }: { durationMs: number }) => {
    storm.until = Date.now() + durationMs
    return { t: Date.now() }
  },
  endStorm: () => {
    storm.until = 0
    return { t: Date.now() }
  },
  revoke: () => {
    revoked = true
    return { t: Date.now() }
  },
  restore: () => {
    revoked = false
    return { t: Date.now() }
  },
  mark: () => ({ seq: log.length, t: Date.now() }),
  stats: ({ from = 0, to }: { from?: number; to?: number }) => stats(from, to),
  check: ({ expected, full = false }: { expected: Expected[]; full?: boolean }) => check(expected, full),
  contact: ({ email }: { email: string }) => {
    const contact = emulator.state.contactByEmail(email)
    return contact ? { firstName: contact.firstName ?? null, lastName: contact.lastName ?? null, updatedAt: contact.updatedAt } : null
  },
  senders: ({ from = 0 }: { from?: number }) =>
    log
      .slice(from)
      .map((entry, index) => ({ seq: from + index, t: entry.t, pid: entry.pid, status: entry.status, route: entry.route }))
      .filter((entry) => entry.route === "POST /v3/batches"),
  setCandidates: ({ pids }: { pids: number[] }) => {
    candidatePids = pids
    return { pids }
  },
  batches: () => {
    const batches = emulator.state.batches()
    return { count: batches.length, items: batches.reduce((sum, batch) => sum + batch.totalCount, 0) }
  },
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.CHAOS_EMULATOR_OPTIONS ?? "{}") as { rateLimit?: RateLimitOptions }
  rateLimit = options.rateLimit ?? null
  emulator = await startWrapped()
  const stop = () => emulator.stop().finally(() => process.exit(0))
  process.on("message", (message: { id?: number; cmd?: string; args?: unknown; type?: string }) => {
    if (message.type === "stop") {
      void stop()
      return
    }
    const command = message.cmd ? commands[message.cmd] : undefined
    if (!command) {
      process.send!({ type: "reply", id: message.id, ok: false, error: `unknown command ${message.cmd}` })
      return
    }
    try {
      process.send!({ type: "reply", id: message.id, ok: true, result: command(message.args ?? {}) })
    } catch (error) {
      process.send!({ type: "reply", id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) })
    }
  })
  process.on("disconnect", () => void stop())
  process.on("SIGTERM", () => void stop())
  process.send!({ type: "ready", url: emulator.url, apiKey: emulator.apiKey, port: emulator.port })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
