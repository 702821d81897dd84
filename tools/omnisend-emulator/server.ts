import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { setTimeout as delay } from "node:timers/promises"
import type { EmulatorResponse } from "./http-types"
import { readBody } from "./read-body"
import type { IncomingEmulatorRequest } from "./request-pipeline"

export interface ServerHooks {
  handle: (request: IncomingEmulatorRequest) => EmulatorResponse
  maxBodyBytes: () => number
  latencyMs: () => number
}

function send(response: ServerResponse, answer: EmulatorResponse, closeConnection: boolean): void {
  const payload = JSON.stringify(answer.body ?? null)
  response.writeHead(answer.status, {
    ...answer.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    // The unread rest of an oversized body cannot be told apart from a next request.
    ...(closeConnection ? { connection: "close" } : {}),
  })
  response.end(payload)
}

async function serve(hooks: ServerHooks, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const receivedAt = new Date().toISOString()
  const body = await readBody(request, hooks.maxBodyBytes())
  const apiKey = request.headers["x-api-key"]
  const answer = hooks.handle({
    method: request.method ?? "GET",
    target: request.url ?? "/",
    apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey,
    body,
    receivedAt,
  })
  const latency = hooks.latencyMs()
  if (latency > 0) await delay(latency)
  send(response, answer, body.tooLarge)
}

/** The node:http transport: bytes in, one pipeline decision, bytes out. */
export function createEmulatorServer(hooks: ServerHooks): Server {
  return createServer((request, response) => {
    serve(hooks, request, response).catch((error: unknown) => {
      if (response.headersSent) return
      const message = error instanceof Error ? error.message : String(error)
      send(response, { status: 500, body: { error: `Emulator error: ${message}` } }, true)
    })
  })
}
