import type { RecordedRequest } from "./types"

/** Every request in arrival order, for tests that assert what a client sent. Never holds API keys. */
export class RequestLog {
  private entries: RecordedRequest[] = []

  record(entry: RecordedRequest): void {
    this.entries.push(entry)
  }

  list(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry, query: { ...entry.query } }))
  }

  clear(): void {
    this.entries = []
  }
}
