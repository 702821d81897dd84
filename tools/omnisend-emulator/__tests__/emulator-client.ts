import type { ChannelStatus, OmnisendEmulator } from "../index"

/** Real-HTTP helpers shared by the emulator specs (global fetch, as the brief asks). */

export interface JsonReply {
  status: number
  body: any
  headers: Headers
}

export interface CallOptions {
  apiKey?: string | null
  rawBody?: string
}

export function createClient(emulator: OmnisendEmulator) {
  return async function call(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<JsonReply> {
    const headers: Record<string, string> = { accept: "application/json" }
    const apiKey = options.apiKey === undefined ? emulator.apiKey : options.apiKey
    if (apiKey !== null) headers["X-API-KEY"] = apiKey
    let payload: string | undefined = options.rawBody
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body)
    if (payload !== undefined) headers["content-type"] = "application/json"
    const response = await fetch(`${emulator.url}${path}`, { method, headers, body: payload })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
  }
}

export function emailContact(email: string, status: ChannelStatus = "subscribed", statusDate?: string) {
  return {
    identifiers: [
      {
        type: "email",
        id: email,
        channels: { email: statusDate ? { status, statusDate } : { status } },
      },
    ],
  }
}

export function emailAndPhoneContact(email: string, phone: string) {
  return { identifiers: [...emailContact(email).identifiers, phoneIdentifier(phone)] }
}

export function phoneIdentifier(phone: string, status: ChannelStatus = "subscribed", statusDate = "2024-01-01T00:00:00Z") {
  return { type: "phone", id: phone, channels: { sms: { status, statusDate } } }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** CONTRACT: error_invalid_data: the `error` text of a 400 with this many messages. */
export function invalidDataError(count: number): string {
  return `${count} error(s) found. Check 'fields' array for details.`
}
