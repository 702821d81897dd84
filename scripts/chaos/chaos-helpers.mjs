/** Small tools shared by the chaos scenarios: waiting, pacing, masking, the run's clock. */

export class ScenarioTimeout extends Error {}

export const startedAt = Date.now()

export const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s`

/** Emails shown as their first letter and domain: the run prints no personal data. */
export function maskPII(text) {
  return String(text).replace(/([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g, "$1***@$2")
}

export function say(line = "") {
  console.log(maskPII(line))
}

export function sleep(ms, signal) {
  return new Promise((resolveSleep, reject) => {
    if (signal?.aborted) return reject(new ScenarioTimeout("aborted"))
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolveSleep()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new ScenarioTimeout("aborted"))
    }
    signal?.addEventListener("abort", onAbort, { once: true })
  })
}

/**
 * Polls `probe` every `intervalMs` until it answers a truthy value (resolved with { value, at }) or
 * `timeoutMs` passes (resolved with { value: the last answer, at: null }). A probe that throws counts
 * as a falsy answer (e.g. the store is briefly unreachable during the database outage).
 */
export async function waitFor(probe, { timeoutMs, intervalMs = 1000, signal, onTick }) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    let done = false
    try {
      last = await probe()
      done = Boolean(last?.done ?? last)
    } catch (error) {
      if (error instanceof ScenarioTimeout) throw error
      last = { error }
    }
    if (done) return { value: last, at: Date.now() }
    onTick?.(last)
    if (Date.now() >= deadline) return { value: last, at: null }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), signal)
  }
}

/** Runs `task(item, index)` over `items`, `concurrency` at a time; answers the results in order. */
export async function mapPool(items, concurrency, task, signal) {
  const results = new Array(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      if (signal?.aborted) throw new ScenarioTimeout("aborted")
      const index = next++
      results[index] = await task(items[index], index)
    }
  })
  await Promise.all(lanes)
  return results
}

/** A seeded pseudo-random generator (mulberry32), so that every run updates the same customers. */
export function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const seconds = (ms) => (ms === null || ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`)

export const percent = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : "-")

/** Prints rows as one table with aligned columns. */
export function printTable(headers, rows) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)))
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(" | ")} |`
  say(line(headers))
  say(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`)
  for (const row of rows) say(line(row))
}
