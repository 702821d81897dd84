import { connect } from "node:net"
import { join } from "node:path"
import { startProcess } from "../lib/child-processes.mjs"
import { freePort } from "../lib/free-port.mjs"

const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server"

/** Answers whether Redis at that port says PONG to PING. */
function ping(port) {
  return new Promise((resolvePing) => {
    const socket = connect(port, "127.0.0.1")
    let answer = ""
    const done = (ok) => {
      socket.destroy()
      resolvePing(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.on("error", () => done(false))
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (chunk) => {
      answer += chunk
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"))
    })
  })
}

/**
 * A private Redis for the run on a free loopback port, without persistence, stopped with the run
 * (it is one of child-processes' running processes).
 */
export async function startRedis(logDir) {
  const port = await freePort()
  const handle = startProcess(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { logFile: join(logDir, "redis.log"), graceMs: 3_000 }
  )
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const exit = await Promise.race([handle.exited, new Promise((wait) => setTimeout(wait, 100))])
    if (exit) {
      throw new Error(
        exit.code === 127
          ? `${REDIS_SERVER} is not installed: apt-get install -y redis-server (or set REDIS_SERVER)`
          : `redis-server exited (${exit.signal ?? `code ${exit.code}`}):\n${handle.tail.text(10)}`
      )
    }
    if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, port, stop: () => handle.stop() }
  }
  await handle.stop()
  throw new Error(`redis-server did not answer on port ${port} within 15 s`)
}
