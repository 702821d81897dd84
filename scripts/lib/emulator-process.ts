import { startOmnisendEmulator } from "../../tools/omnisend-emulator"
import type { OmnisendEmulatorOptions, RecordedRequest } from "../../tools/omnisend-emulator"

/**
 * The Omnisend emulator in a child process of its own (started with fork), so that the memory it
 * takes for what it receives does not count against the process being measured. Options come as
 * JSON in OMNISEND_EMULATOR_OPTIONS; it answers "stats" messages and stops on "stop" or when the
 * parent goes away.
 */

export interface EmulatorStats {
  /** "POST /v3/batches", "GET /v3/batches/{id}", ... */
  calls: Record<string, number>
  rateLimited: number
  bytesReceived: number
}

function route(request: RecordedRequest): string {
  const path = request.path.replace(/^\/v3\/(batches|contacts)\/[^/]+/, "/v3/$1/{id}")
  return `${request.method} ${path}`
}

function summarize(requests: RecordedRequest[]): EmulatorStats {
  const stats: EmulatorStats = { calls: {}, rateLimited: 0, bytesReceived: 0 }
  for (const request of requests) {
    const key = route(request)
    stats.calls[key] = (stats.calls[key] ?? 0) + 1
    stats.rateLimited += request.status === 429 ? 1 : 0
    stats.bytesReceived += request.bodyBytes
  }
  return stats
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.OMNISEND_EMULATOR_OPTIONS ?? "{}") as OmnisendEmulatorOptions
  const emulator = await startOmnisendEmulator(options)
  const stop = () => emulator.stop().finally(() => process.exit(0))
  process.on("message", (message: { type: string }) => {
    if (message.type === "stats") {
      process.send!({ type: "stats", stats: summarize(emulator.state.requests()) })
    } else if (message.type === "stop") {
      void stop()
    }
  })
  process.on("disconnect", () => void stop())
  process.send!({ type: "ready", url: emulator.url, apiKey: emulator.apiKey })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
