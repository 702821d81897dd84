import type { AddressInfo } from "node:net"
import { createAccountRoute } from "./account-route"
import { BatchProcessor } from "./batch-processor"
import { createBatchRoutes } from "./batch-routes"
import { createContactRoutes } from "./contact-routes"
import { cloneContact } from "./clone-contact"
import { ContactStore } from "./contact-store"
import { FaultInjector } from "./faults"
import { createObjectId } from "./object-ids"
import { resolvePatchSemantics } from "./patch-semantics"
import { postContact } from "./post-contact"
import { RateLimiter } from "./rate-limiter"
import { createRequestPipeline, type PipelineRuntime } from "./request-pipeline"
import { RequestLog } from "./request-log"
import { createRouter } from "./router"
import { createEmulatorServer } from "./server"
import type {
  BatchOptions,
  EmulatorState,
  FaultOptions,
  OmnisendEmulator,
  OmnisendEmulatorOptions,
  PatchSemantics,
  RateLimitOptions,
} from "./types"

const DEFAULT_API_KEY = "emulator-api-key"
const DEFAULT_TICK_MS = 20
const DEFAULT_MAX_BODY_BYTES = 1_000_000

interface MutableSettings {
  rateLimit: RateLimitOptions | null
  faults: FaultOptions
  batch: BatchOptions
  maxBodyBytes: number
  patchSemantics: PatchSemantics
}

/** Starts an Omnisend v3 emulator on a loopback port (a random free one by default). */
export async function startOmnisendEmulator(options: OmnisendEmulatorOptions = {}): Promise<OmnisendEmulator> {
  const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY]
  if (apiKeys.length === 0) throw new Error("startOmnisendEmulator: apiKeys must hold at least one key")
  const random = options.random ?? Math.random
  const initial: MutableSettings = {
    rateLimit: options.rateLimit ?? null,
    faults: { ...options.faults },
    batch: { ...options.batch },
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    patchSemantics: { ...options.patchSemantics },
  }
  let settings: MutableSettings = { ...initial }

  const store = new ContactStore()
  const log = new RequestLog()
  const runtime: PipelineRuntime = {
    rateLimiter: null,
    faults: new FaultInjector(settings.faults, random),
    maxBodyBytes: settings.maxBodyBytes,
  }
  const processor = new BatchProcessor(store, () => ({
    tickMs: settings.batch.tickMs ?? DEFAULT_TICK_MS,
    stopAfterErrors: settings.batch.stopAfterErrors,
    shuffleResults: settings.batch.shuffleResults ?? true,
    itemFailure: (request) => runtime.faults.batchItemFailure(request),
    random,
  }))

  // Applies settings to the runtime; a new rate limiter also means a fresh window.
  const apply = (next: MutableSettings, freshRateWindow: boolean): void => {
    settings = next
    if (freshRateWindow) runtime.rateLimiter = next.rateLimit ? new RateLimiter(next.rateLimit) : null
    runtime.faults.options = next.faults
    runtime.maxBodyBytes = next.maxBodyBytes
  }
  apply(settings, true)

  const contacts = createContactRoutes(store, () => resolvePatchSemantics(settings.patchSemantics))
  const batches = createBatchRoutes(processor, () => settings.batch.listEndpoint ?? true)
  const router = createRouter([
    { pattern: /^\/v3\/accounts$/, methods: { GET: createAccountRoute(createObjectId()) } },
    // REFERENCE: v3 has no PATCH /contacts?email= (the 2026-03-15 API has); ASSUMPTION: it answers 405.
    { pattern: /^\/v3\/contacts$/, methods: { GET: contacts.list, POST: contacts.create } },
    { pattern: /^\/v3\/contacts\/([^/]+)$/, methods: { GET: contacts.getById, PATCH: contacts.patchById } },
    { pattern: /^\/v3\/batches$/, methods: { GET: batches.list, POST: batches.create } },
    { pattern: /^\/v3\/batches\/([^/]+)$/, methods: { GET: batches.getById } },
    { pattern: /^\/v3\/batches\/([^/]+)\/items$/, methods: { GET: batches.items } },
  ])

  let origin = ""
  const server = createEmulatorServer({
    handle: createRequestPipeline({
      apiKeys: new Set(apiKeys),
      forbiddenApiKeys: new Set(options.forbiddenApiKeys ?? []),
      router,
      log,
      runtime,
      origin: () => origin,
      recordBodies: options.recordBodies ?? true,
    }),
    maxBodyBytes: () => runtime.maxBodyBytes,
    latencyMs: () => runtime.faults.latencyMs,
  })

  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`

  const state: EmulatorState = {
    contacts: () => store.all().map(cloneContact),
    contactByEmail: (email) => {
      const contact = store.findByEmail(email)
      return contact && cloneContact(contact)
    },
    contactById: (id) => {
      const contact = store.findById(id)
      return contact && cloneContact(contact)
    },
    batches: () => processor.all(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    consentAudit: () => store.consentAudit.map((event) => ({ ...event })),
    seedContact: (body) => {
      const outcome = postContact(store, body, new Date().toISOString())
      if (!outcome.ok) throw new Error(`seedContact: invalid contact: ${JSON.stringify(outcome.response.body)}`)
      return cloneContact(outcome.contact)
    },
  }

  return {
    url: `${origin}/v3`,
    origin,
    apiKey: apiKeys[0],
    port,
    state,
    configure: (changed) => {
      const next = { ...settings }
      if ("rateLimit" in changed) next.rateLimit = changed.rateLimit ?? null
      if (changed.faults !== undefined) next.faults = { ...changed.faults }
      if (changed.batch !== undefined) next.batch = { ...changed.batch }
      if (changed.maxBodyBytes !== undefined) next.maxBodyBytes = changed.maxBodyBytes
      if (changed.patchSemantics !== undefined) next.patchSemantics = { ...changed.patchSemantics }
      apply(next, "rateLimit" in changed)
    },
    failNext: (...responses) => runtime.faults.enqueue(responses),
    blockFor: (ms) => runtime.faults.blockFor(ms),
    waitForBatches: () => processor.idle(),
    expireBatches: () => processor.expireAll(),
    reset: () => {
      store.clear()
      processor.clear()
      log.clear()
      runtime.faults.clear()
      apply({ ...initial }, true)
    },
    stop: async () => {
      processor.halt()
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
    },
  }
}
