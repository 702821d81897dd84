import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { forkTypeScript } from "../lib/medusa-processes.mjs"

const here = dirname(fileURLToPath(import.meta.url))

/**
 * Starts scripts/chaos/chaos-emulator.ts in a child process and gives its IPC control channel as
 * `call(cmd, args)`: switching faults, reading contacts and the request log. See that file for the
 * commands.
 */
export async function startChaosEmulator({ rateLimit, logFile }) {
  const emulator = forkTypeScript(join(here, "chaos-emulator.ts"), [], {
    silent: true,
    env: { CHAOS_EMULATOR_OPTIONS: JSON.stringify({ rateLimit }), TS_NODE_PROJECT: resolve(here, "../../tsconfig.json") },
  })
  const { url, apiKey, port } = await emulator.waitFor("ready")
  let nextId = 0
  const waiting = new Map()
  emulator.child.on("message", (message) => {
    if (message?.type !== "reply") return
    const pending = waiting.get(message.id)
    if (!pending) return
    waiting.delete(message.id)
    message.ok ? pending.resolve(message.result) : pending.reject(new Error(`emulator: ${message.error}`))
  })
  emulator.exited.then(({ code, signal }) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the emulator exited (${signal ?? `code ${code}`})`))
    waiting.clear()
  })
  return {
    url,
    apiKey,
    port,
    pid: emulator.child.pid,
    call(cmd, args = {}) {
      return new Promise((resolveCall, reject) => {
        const id = ++nextId
        waiting.set(id, { resolve: resolveCall, reject })
        try {
          emulator.child.send({ id, cmd, args })
        } catch (error) {
          waiting.delete(id)
          reject(error)
        }
      })
    },
    stop: () => emulator.stop(),
  }
}
