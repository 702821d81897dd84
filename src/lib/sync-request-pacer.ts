export interface PacedRequests<T> {
  /** How long these requests wait before they are delivered, in whole seconds (as milliseconds). */
  delayMs: number
  items: T[]
}

/**
 * Spreads requests over time like a token bucket: up to `burst` go at once, the rest at `perSecond`.
 * It remembers earlier calls, so many small bursts are paced together with one big one.
 */
export class SyncRequestPacer {
  readonly #intervalMs: number
  readonly #burstToleranceMs: number
  /** When the next request would be due if every request kept to the pace exactly. */
  #nextDueAt = 0

  constructor({ perSecond, burst }: { perSecond: number; burst: number }) {
    this.#intervalMs = 1000 / perSecond
    this.#burstToleranceMs = (burst - 1) * this.#intervalMs
  }

  /**
   * Groups `items`, in order, by how long each must wait from `now`. Waits are rounded up to whole
   * seconds, so a large burst becomes one group per second.
   */
  schedule<T>(items: T[], now: number = Date.now()): Array<PacedRequests<T>> {
    const groups = new Map<number, T[]>()
    for (const item of items) {
      const dueAt = Math.max(this.#nextDueAt, now)
      this.#nextDueAt = dueAt + this.#intervalMs
      const delayMs = Math.ceil(Math.max(0, dueAt - this.#burstToleranceMs - now) / 1000) * 1000
      const group = groups.get(delayMs) ?? []
      group.push(item)
      groups.set(delayMs, group)
    }
    return [...groups].map(([delayMs, grouped]) => ({ delayMs, items: grouped }))
  }
}
