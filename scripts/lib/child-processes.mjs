import { spawn } from "node:child_process"
import { createWriteStream } from "node:fs"
import { delimiter, sep } from "node:path"

/**
 * Child processes for scripts/check-packaged-plugin.mjs: each one in its own process group (so it
 * and everything it spawned, e.g. npx -> sh -> node, can be stopped by its id), its output kept in
 * a log file and in a short tail for error messages, with secrets redacted from both.
 */

const NPM_CONFIG_KEPT = new Set([
  "npm_config_registry",
  "npm_config_cache",
  "npm_config_userconfig",
  "npm_config_globalconfig",
  "npm_config_cafile",
  "npm_config_ca",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "npm_config_noproxy",
  "npm_config_strict_ssl",
])

/**
 * The environment without what `npm run` adds for its own script: npm_config_local_prefix (a nested
 * `npm install` would otherwise install into this repository), npm_package_*, npm_lifecycle_*, and
 * PATH entries of node_modules/.bin folders (`npx medusa` would otherwise find the repository's CLI).
 */
export function cleanEnvironment(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !NPM_CONFIG_KEPT.has(key.toLowerCase())) continue
    if (key === "INIT_CWD") continue
    env[key] = value
  }
  if (env.PATH) {
    env.PATH = env.PATH.split(delimiter)
      .filter((entry) => entry && !entry.endsWith(`${sep}node_modules${sep}.bin`) && !entry.includes(`${sep}node-gyp-bin`))
      .join(delimiter)
  }
  return { ...env, ...extra }
}

/** Every process started here that has not exited yet, so an interrupted run can stop them all. */
export const runningProcesses = new Set()

/** Stops every process still running (each by its own process group). */
export async function stopAllProcesses() {
  await Promise.all([...runningProcesses].map((handle) => handle.stop()))
}

export class OutputTail {
  constructor(limit = 60) {
    this.limit = limit
    this.lines = []
    this.partial = ""
  }
  push(text) {
    const parts = (this.partial + text).split(/\r?\n/)
    this.partial = parts.pop()
    for (const line of parts) {
      this.lines.push(line)
      if (this.lines.length > this.limit) this.lines.shift()
    }
  }
  text(count = this.limit) {
    const all = this.partial ? [...this.lines, this.partial] : this.lines
    return all.slice(-count).join("\n")
  }
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g

/**
 * Starts `command args` and returns { child, tail, exited, stop }. `exited` resolves with
 * { code, signal }; `stop()` sends SIGTERM to the process group, then SIGKILL after graceMs.
 */
export function startProcess(command, args, { cwd, env, logFile, redact = (text) => text, onOutput, onStdout, graceMs = 10_000 } = {}) {
  const log = logFile ? createWriteStream(logFile, { flags: "a" }) : null
  log?.write(`$ ${command} ${args.join(" ")}\n`)
  const tail = new OutputTail()
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const handle = (chunk) => {
    const text = redact(chunk.toString("utf8")).replace(ANSI, "")
    log?.write(text)
    tail.push(text)
    onOutput?.(text)
  }
  child.stdout.on("data", (chunk) => {
    onStdout?.(chunk.toString("utf8"))
    handle(chunk)
  })
  child.stderr.on("data", handle)
  let finished = false
  const exited = new Promise((resolve) => {
    child.on("error", (error) => {
      handle(`\n[spawn error] ${error.message}\n`)
      finished = true
      log?.end()
      resolve({ code: 127, signal: null })
    })
    child.on("close", (code, signal) => {
      finished = true
      log?.end(`\n[exit code ${code}${signal ? `, signal ${signal}` : ""}]\n`)
      resolve({ code, signal })
    })
  })
  const signalGroup = (signal) => {
    if (finished || !child.pid) return
    try {
      process.kill(-child.pid, signal)
    } catch {
      // The group is already gone.
    }
  }
  const stop = async () => {
    if (finished) return exited
    signalGroup("SIGTERM")
    const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs)
    const result = await exited
    clearTimeout(timer)
    // Whatever the leader left behind in its group.
    signalGroup("SIGKILL")
    return result
  }
  const started = { child, tail, exited, stop, signalGroup }
  runningProcesses.add(started)
  exited.then(() => runningProcesses.delete(started))
  return started
}

export class CommandError extends Error {
  constructor(message, tail) {
    super(message)
    this.tail = tail
  }
}

/** Runs a command to its end; rejects with a CommandError (holding the output tail) unless it exits 0. */
export async function runCommand(command, args, { timeoutMs = 300_000, ...options } = {}) {
  const started = startProcess(command, args, options)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    started.stop()
  }, timeoutMs)
  const { code, signal } = await started.exited
  clearTimeout(timer)
  const output = started.tail
  if (timedOut) {
    throw new CommandError(`\`${command} ${args.join(" ")}\` did not finish within ${Math.round(timeoutMs / 1000)} s`, output)
  }
  if (code !== 0) {
    throw new CommandError(`\`${command} ${args.join(" ")}\` exited with ${signal ?? `code ${code}`}`, output)
  }
  return output
}
