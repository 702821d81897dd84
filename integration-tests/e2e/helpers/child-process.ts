import { spawn } from "node:child_process"
import { createWriteStream } from "node:fs"

export interface ChildProcessOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Everything the process prints is appended here. */
  logFile: string
  /** Applied to the output before it is written or kept (e.g. to hide an API key). */
  redact?: (text: string) => string
}

export interface RunningProcess {
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** The last lines printed, for error messages. */
  tail(): string
  /** Stops the process and everything it started (its own process group). */
  stop(): Promise<void>
}

const TAIL_LINES = 40
const STOP_GRACE_MS = 10_000

/** Starts a process in its own process group, so that stopping it also stops what it spawned. */
export function startProcess(command: string, args: string[], options: ChildProcessOptions): RunningProcess {
  const redact = options.redact ?? ((text: string) => text)
  const log = createWriteStream(options.logFile, { flags: "a" })
  log.write(redact(`$ ${command} ${args.join(" ")}\n`))
  const lines: string[] = []
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const keep = (chunk: Buffer) => {
    const text = redact(chunk.toString("utf8"))
    log.write(text)
    lines.push(...text.split("\n").filter(Boolean))
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES))
  }
  child.stdout.on("data", keep)
  child.stderr.on("data", keep)
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (error) => {
      keep(Buffer.from(`[spawn error] ${error.message}\n`))
      resolve(127)
    })
    child.on("close", (code) => {
      log.end()
      resolve(code)
    })
  })
  let finished = false
  void exited.then(() => (finished = true))

  const signal = (name: NodeJS.Signals) => {
    if (!finished && child.pid) {
      try {
        process.kill(-child.pid, name)
      } catch {
        // The group is gone already.
      }
    }
  }
  return {
    exited,
    tail: () => lines.join("\n"),
    stop: async () => {
      signal("SIGTERM")
      const timer = setTimeout(() => signal("SIGKILL"), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs a command to its end; rejects with its last output unless it exits 0 in time. */
export async function runProcess(
  command: string,
  args: string[],
  options: ChildProcessOptions & { timeoutMs: number }
): Promise<void> {
  const running = startProcess(command, args, options)
  const timer = setTimeout(() => void running.stop(), options.timeoutMs)
  const code = await running.exited
  clearTimeout(timer)
  if (code !== 0) {
    const redact = options.redact ?? ((text: string) => text)
    throw new Error(redact(`\`${command} ${args.join(" ")}\` failed (exit ${code}):\n${running.tail()}`))
  }
}
