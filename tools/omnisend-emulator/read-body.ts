import type { IncomingMessage } from "node:http"

export interface ReadBody {
  raw: Buffer
  /** Bytes received; past the limit, reading stops, so this is where it stopped. */
  bytes: number
  tooLarge: boolean
}

/**
 * REFERENCE: bodies are kept under 1 MB. Buffers a request body up to maxBytes. Past the limit it stops reading (memory stays bounded
 * whatever a client sends); node:http discards the rest once the 413 is answered.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length
      if (bytes > maxBytes) {
        request.off("data", onData)
        request.off("end", onEnd)
        request.pause()
        resolve({ raw: Buffer.alloc(0), bytes, tooLarge: true })
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => resolve({ raw: Buffer.concat(chunks, bytes), bytes, tooLarge: false })
    request.on("data", onData)
    request.on("end", onEnd)
    request.on("error", reject)
    // A client that hangs up mid-body never sends "end"; settled promises ignore this.
    request.on("close", () => reject(new Error("Request closed before its body was complete")))
  })
}
