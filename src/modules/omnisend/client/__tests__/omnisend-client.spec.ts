import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { startOmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import type { OmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import { OmnisendV3Adapter } from "../adapters/v3-adapter"
import {
  OmnisendApiVersionRetiredError,
  OmnisendAuthError,
  OmnisendBlockedError,
  OmnisendError,
  OmnisendInvalidDataError,
  OmnisendNotFoundError,
  OmnisendRateLimitError,
  OmnisendRequestValidationError,
  OmnisendResponseValidationError,
  OmnisendUnavailableError,
} from "../errors"
import { OmnisendClient } from "../omnisend-client"
import type { OmnisendClientOptions } from "../omnisend-client"
import type { BatchResponse, CreateContactRequest } from "../schemas"

const WRONG_KEY = "wrong-secret-key-0123456789"
const FORBIDDEN_KEY = "forbidden-secret-key-0123456789"

let emulator: OmnisendEmulator

beforeAll(async () => {
  emulator = await startOmnisendEmulator({ port: 0, forbiddenApiKeys: [FORBIDDEN_KEY] })
})

afterAll(async () => {
  await emulator.stop()
})

beforeEach(() => {
  emulator.reset()
})

function contact(email: string, extra: Partial<CreateContactRequest> = {}): CreateContactRequest {
  return {
    identifiers: [
      {
        type: "email",
        id: email,
        channels: { email: { status: "subscribed", statusDate: "2020-02-29T10:07:28Z" } },
      },
    ],
    ...extra,
  }
}

function makeClient(options: Partial<OmnisendClientOptions> = {}) {
  const lines: string[] = []
  const client = new OmnisendClient({
    apiKey: emulator.apiKey,
    apiUrl: emulator.url,
    baseDelayMs: 10,
    logger: {
      debug: (line) => lines.push(line),
      info: (line) => lines.push(line),
      warn: (line) => lines.push(line),
    },
    ...options,
  })
  return { client, lines }
}

async function rejectionOf(promise: Promise<unknown>): Promise<OmnisendError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(OmnisendError)
    return error as OmnisendError
  }
  throw new Error("expected the call to fail")
}

/** Neither the key nor a full email may leak through an error or a log line. */
function expectNoSecrets(error: OmnisendError, lines: string[], secrets: string[]): void {
  const surfaces = [error.message, JSON.stringify(error), String(error.stack), ...lines]
  for (const surface of surfaces) {
    for (const secret of [emulator.apiKey, ...secrets]) {
      expect(surface).not.toContain(secret)
    }
  }
  expect(Object.values(error).some((value) => typeof value === "object" && value && "config" in value)).toBe(
    false
  )
  expect((error as { cause?: unknown }).cause).toBeUndefined()
}

function requestTimes(): number[] {
  return emulator.state.requests().map((request) => Date.parse(request.at))
}

async function waitForBatchEnd(client: OmnisendClient, batchId: string): Promise<BatchResponse> {
  for (let poll = 0; poll < 200; poll++) {
    const batch = await client.getBatch(batchId)
    if (batch.status === "finished" || batch.status === "stopped") {
      return batch
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error("batch never finished")
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe("OmnisendClient against the emulator", () => {
  describe("happy paths", () => {
    it("creates a contact and counts the attempt and the bytes sent", async () => {
      const { client } = makeClient()

      const created = await client.createContact(contact("jane@example.com", { firstName: "Jane", countryCode: "GB" }))

      expect(created.contactID).toMatch(/^[0-9a-f]{24}$/)
      expect(created.email).toBe("jane@example.com")
      expect(emulator.state.contactByEmail("jane@example.com")).toMatchObject({ firstName: "Jane", countryCode: "GB" })
      const [request] = emulator.state.requests()
      expect(request).toMatchObject({ method: "POST", path: "/v3/contacts", status: 200 })
      expect(client.requestCount).toBe(1)
      expect(client.bytesSent).toBe(request.bodyBytes)
    })

    it("patches a contact by id", async () => {
      const { client } = makeClient()
      const { contactID } = await client.createContact(contact("jane@example.com"))

      const patched = await client.patchContact(contactID, { city: "London", customProperties: { shoeSize: 42 } })

      expect(patched.contactID).toBe(contactID)
      expect(emulator.state.contactById(contactID)).toMatchObject({ city: "London", customProperties: { shoeSize: 42 } })
      expect(emulator.state.requests()[1]).toMatchObject({ method: "PATCH", path: `/v3/contacts/${contactID}` })
    })

    it("finds a contact by an email holding a +, and answers null for an unknown one", async () => {
      const { client } = makeClient()
      const { contactID } = await client.createContact(contact("jane+vip@example.com"))

      const found = await client.findContactByEmail("jane+vip@example.com")
      const missing = await client.findContactByEmail("nobody@example.com")

      expect(found?.contactID).toBe(contactID)
      expect(missing).toBeNull()
      // A raw "+" would have reached Omnisend as a space.
      expect(emulator.state.requests()[1].query).toEqual({ email: "jane+vip@example.com" })
    })

    it("creates a batch, follows it until finished and reads its items", async () => {
      const { client } = makeClient()

      const accepted = await client.createBatch({
        method: "POST",
        endpoint: "contacts",
        items: [contact("a@example.com"), contact("b@example.com"), contact("c@example.com", { firstName: "Cy" })],
      })
      const finished = await waitForBatchEnd(client, accepted.batchID)
      const items = await client.getBatchItems(accepted.batchID)

      expect(accepted.totalCount).toBe(3)
      expect(finished).toMatchObject({ status: "finished", totalCount: 3, finishedCount: 3, errorsCount: 0 })
      expect(items).toHaveLength(3)
      expect(items.map((item) => item.responseCode)).toEqual([200, 200, 200])
      expect(emulator.state.contactByEmail("c@example.com")?.firstName).toBe("Cy")
    })

    it("reads the account", async () => {
      const { client } = makeClient()

      const account = await client.getAccount()

      expect(account.brandID).toMatch(/\S/)
      expect(emulator.state.requests()[0]).toMatchObject({ method: "GET", path: "/v3/accounts" })
    })
  })

  describe("errors that are not retried", () => {
    it("maps 401 to OmnisendAuthError after exactly one request", async () => {
      const { client, lines } = makeClient({ apiKey: WRONG_KEY })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendAuthError)
      expect(error).toMatchObject({ status: 401, reason: "invalid_key", retryable: false, code: "OMNISEND_AUTH_FAILED" })
      expect(error.message).toContain("Settings -> Omnisend")
      expect(emulator.state.requests()).toHaveLength(1)
      expect(client.requestCount).toBe(1)
      expectNoSecrets(error, lines, [WRONG_KEY])
    })

    it("maps 403 on the key check to OmnisendAuthError after exactly one request", async () => {
      const { client, lines } = makeClient({ apiKey: FORBIDDEN_KEY })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendAuthError)
      expect(error).toMatchObject({ status: 403, reason: "forbidden", retryable: false })
      expect(error.message).toMatch(/permission|blocked/)
      expect(emulator.state.requests()).toHaveLength(1)
      expectNoSecrets(error, lines, [FORBIDDEN_KEY])
    })

    it("maps 403 on a data call to a retried OmnisendBlockedError (Omnisend blocks for a while after many errors)", async () => {
      const { client, lines } = makeClient({ apiKey: FORBIDDEN_KEY })

      const error = await rejectionOf(client.createContact(contact("jane@example.com")))

      expect(error).toBeInstanceOf(OmnisendBlockedError)
      expect(error).toMatchObject({ status: 403, retryable: true, code: "OMNISEND_BLOCKED" })
      expect(emulator.state.requests()).toHaveLength(4)
      expectNoSecrets(error, lines, [FORBIDDEN_KEY])
    })

    it("rides out a passing 403 block with backoff", async () => {
      // Retries after 20, 40 and 80 ms: the second one falls after the block.
      const { client } = makeClient({ baseDelayMs: 40, random: () => 0.5 })
      emulator.blockFor(50)

      const created = await client.createContact(contact("jane@example.com"))

      expect(created.contactID).toMatch(/^[0-9a-f]{24}$/)
      expect(emulator.state.requests()[0].status).toBe(403)
    })

    it("maps a 400 with fields to OmnisendInvalidDataError carrying them, without retry", async () => {
      const { client, lines } = makeClient()

      const error = await rejectionOf(client.createContact(contact("not-an-email")))

      expect(error).toBeInstanceOf(OmnisendInvalidDataError)
      const invalid = error as OmnisendInvalidDataError
      expect(invalid.status).toBe(400)
      expect(invalid.fields["0"]).toEqual(expect.arrayContaining([expect.stringContaining("must be a valid email address")]))
      expect(invalid.message).toContain("must be a valid email address")
      expect(emulator.state.requests()).toHaveLength(1)
      expectNoSecrets(error, lines, [])
    })

    it("masks emails and phones Omnisend puts in its error text", async () => {
      const { client, lines } = makeClient()
      await client.createContact(
        contact("owner@example.com", {
          identifiers: [
            ...contact("owner@example.com").identifiers,
            { type: "phone", id: "+14155550100", channels: { sms: { status: "subscribed" } } },
          ],
        })
      )
      emulator.failNext({
        status: 400,
        body: {
          error: "Contact jane.doe@example.com rejected",
          fields: { "0": ["identifiers.0.id: jane.doe@example.com is taken by +1 415 555 0199"] },
        },
      })

      const canned = await rejectionOf(client.createContact(contact("jane.doe@example.com")))
      // The emulator itself names the phone that belongs to another contact.
      const taken = await rejectionOf(
        client.createContact({
          identifiers: [{ type: "phone", id: "+14155550100", channels: { sms: { status: "subscribed" } } }],
        })
      )

      expect(canned.message).toContain("j***@e***.com")
      expect((canned as OmnisendInvalidDataError).fields["0"][0]).toContain("j***@e***.com")
      expect(taken).toBeInstanceOf(OmnisendInvalidDataError)
      expect(JSON.stringify(taken)).toContain("+***00")
      for (const error of [canned, taken]) {
        expectNoSecrets(error, lines, ["jane.doe@example.com", "+1 415 555 0199", "+14155550100"])
      }
    })

    it("never echoes the API key, even when Omnisend's error text contains it", async () => {
      const { client, lines } = makeClient()
      emulator.failNext({ status: 422, body: { error: `Key ${emulator.apiKey} is not valid for this`, fields: {} } })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendInvalidDataError)
      expect(error.message).toContain("[api key]")
      expectNoSecrets(error, lines, [])
    })

    it("maps 404 on patch to OmnisendNotFoundError", async () => {
      const { client } = makeClient()

      const error = await rejectionOf(client.patchContact("0123456789abcdef01234567", { city: "Paris" }))

      expect(error).toBeInstanceOf(OmnisendNotFoundError)
      expect(error).toMatchObject({ status: 404, retryable: false })
      expect(error.message).toContain("contact 0123456789abcdef01234567")
      expect(emulator.state.requests()).toHaveLength(1)
    })

    it("maps 410 to OmnisendApiVersionRetiredError", async () => {
      const { client } = makeClient()
      emulator.failNext({ status: 410, body: { error: "Gone" } })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendApiVersionRetiredError)
      expect(error.message).toContain("v3")
      expect(emulator.state.requests()).toHaveLength(1)
    })

    it("rejects an unexpected success body with OmnisendResponseValidationError", async () => {
      const { client } = makeClient()
      emulator.failNext({ status: 200, body: { hello: "world" } })

      const error = await rejectionOf(client.createContact(contact("jane@example.com")))

      expect(error).toBeInstanceOf(OmnisendResponseValidationError)
      expect(error.message).toContain("contactID")
      expect(emulator.state.requests()).toHaveLength(1)
    })

    it("validates requests before sending anything", async () => {
      const { client, lines } = makeClient()

      const errors = [
        await rejectionOf(client.createContact({ identifiers: [] })),
        await rejectionOf(client.createContact({ ...contact("jane@example.com"), gender: "x" as "m" })),
        await rejectionOf(client.patchContact("", { city: "Paris" })),
        await rejectionOf(client.findContactByEmail("not an email")),
        await rejectionOf(client.getBatch("has space")),
      ]

      for (const error of errors) {
        expect(error).toBeInstanceOf(OmnisendRequestValidationError)
        expect(error.message).toContain("was not sent to Omnisend")
        expectNoSecrets(error, lines, [])
      }
      expect((errors[0] as OmnisendRequestValidationError).issues[0]).toMatch(/^identifiers: /)
      expect((errors[1] as OmnisendRequestValidationError).issues[0]).toMatch(/^gender: /)
      expect(emulator.state.requests()).toHaveLength(0)
      expect(client.requestCount).toBe(0)
    })

    it("refuses a batch larger than the adapter allows, in items or in bytes", async () => {
      class TinyBatchAdapter extends OmnisendV3Adapter {
        override readonly maxBatchItems = 2
        override readonly maxBatchBodyBytes = 400
      }
      const { client } = makeClient({ adapter: new TinyBatchAdapter() })

      const tooMany = await rejectionOf(
        client.createBatch({
          method: "POST",
          endpoint: "contacts",
          items: [contact("a@example.com"), contact("b@example.com"), contact("c@example.com")],
        })
      )
      const tooBig = await rejectionOf(
        client.createBatch({
          method: "POST",
          endpoint: "contacts",
          items: [contact("a@example.com", { address: "x".repeat(400) })],
        })
      )

      expect(tooMany).toBeInstanceOf(OmnisendRequestValidationError)
      expect(tooMany.message).toContain("at most 2 items")
      expect(tooBig).toBeInstanceOf(OmnisendRequestValidationError)
      expect(tooBig.message).toContain("400 bytes")
      expect(emulator.state.requests()).toHaveLength(0)
    })
  })

  describe("retries", () => {
    it("waits out a 429 until the announced window reset, measured", async () => {
      const { client, lines } = makeClient()
      emulator.configure({ rateLimit: { limit: 1, windowMs: 1000 } })
      await client.getAccount()
      const startedAt = Date.now()

      const created = await client.createContact(contact("jane@example.com"))

      const elapsedMs = Date.now() - startedAt
      const statuses = emulator.state.requests().map((request) => request.status)
      const [windowOpenedAt, limitedAt, retriedAt] = requestTimes()
      expect(created.email).toBe("jane@example.com")
      expect(statuses).toEqual([200, 429, 200])
      // The emulator announced "X-Rate-Limit-Reset: 1" (seconds) with its 429.
      expect(retriedAt - limitedAt).toBeGreaterThanOrEqual(1000)
      expect(retriedAt - windowOpenedAt).toBeGreaterThanOrEqual(1000)
      expect(elapsedMs).toBeGreaterThanOrEqual(1000)
      const warnings = lines.filter((line) => line.includes("retry"))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^Omnisend POST \/contacts answered 429; retry 1 of 3 in 1\d{3} ms$/)
    })

    it("honours a Retry-After header on a 429", async () => {
      const { client } = makeClient()
      emulator.failNext({ status: 429, headers: { "Retry-After": "1" }, body: { error: "Too many requests" } })

      const account = await client.getAccount()

      const [limitedAt, retriedAt] = requestTimes()
      expect(account.brandID).toBeTruthy()
      expect(retriedAt - limitedAt).toBeGreaterThanOrEqual(1000)
    })

    it("honours a retryAfter body field on a 429", async () => {
      const { client } = makeClient()
      emulator.failNext({ status: 429, body: { error: "Too many requests", retryAfter: 1 } })

      const account = await client.getAccount()

      const [limitedAt, retriedAt] = requestTimes()
      expect(account.brandID).toBeTruthy()
      expect(retriedAt - limitedAt).toBeGreaterThanOrEqual(1000)
    })

    it("gives a 429 announcing a wait beyond maxDelayMs back to the caller at once", async () => {
      const { client } = makeClient()
      emulator.failNext({ status: 429, headers: { "Retry-After": "120" } })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendRateLimitError)
      expect(error).toMatchObject({ retryAfterMs: 120_000, retryable: true, attempts: 1 })
      expect(emulator.state.requests()).toHaveLength(1)
    })

    it("retries a 503 and a 408, then succeeds", async () => {
      const { client, lines } = makeClient()
      emulator.failNext({ status: 503 }, { status: 408 })

      const created = await client.createContact(contact("jane@example.com"))

      expect(created.email).toBe("jane@example.com")
      expect(emulator.state.requests().map((request) => request.status)).toEqual([503, 408, 200])
      expect(lines.filter((line) => line.includes("retry"))).toEqual([
        expect.stringMatching(/^Omnisend POST \/contacts answered 503; retry 1 of 3 in \d+ ms$/),
        expect.stringMatching(/^Omnisend POST \/contacts answered 408; retry 2 of 3 in \d+ ms$/),
      ])
      // Omnisend upserts by email: retried POSTs leave one contact.
      expect(emulator.state.contacts()).toHaveLength(1)
    })

    it("gives up on 503s after maxRetries + 1 attempts", async () => {
      const { client, lines } = makeClient({ maxRetries: 3 })
      emulator.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendUnavailableError)
      expect(error).toMatchObject({ status: 503, reason: "server_error", retryable: true, attempts: 4 })
      expect(emulator.state.requests()).toHaveLength(4)
      expect(client.requestCount).toBe(4)
      expect(lines.filter((line) => line.includes("retry"))).toHaveLength(3)
      expectNoSecrets(error, lines, [])
    })

    it("masks the email of a lookup in retry log lines", async () => {
      const { client, lines } = makeClient()
      emulator.failNext({ status: 503 })

      await client.findContactByEmail("jane.doe+vip@example.com")

      const warnings = lines.filter((line) => line.includes("retry"))
      expect(warnings).toEqual([
        expect.stringMatching(/^Omnisend GET \/contacts\?email=j\*\*\*@e\*\*\*\.com answered 503; retry 1 of 3 in \d+ ms$/),
      ])
      expect(lines.join("\n")).not.toContain("jane.doe")
    })

    it("turns a timeout into OmnisendUnavailableError that says so", async () => {
      const { client, lines } = makeClient({ timeoutMs: 100, maxRetries: 1 })
      emulator.configure({ faults: { latencyMs: 300 } })

      const error = await rejectionOf(client.getAccount())

      expect(error).toBeInstanceOf(OmnisendUnavailableError)
      expect(error).toMatchObject({ reason: "timeout", retryable: true, attempts: 2 })
      expect(error.message).toContain("within 100 ms (timeout)")
      expect(client.requestCount).toBe(2)
      expect(lines.filter((line) => line.includes("failed (timeout)"))).toHaveLength(1)
      expectNoSecrets(error, lines, [])
    })

    it("turns a refused connection into OmnisendUnavailableError after retrying", async () => {
      const port = await closedPort()
      const { client, lines } = makeClient({ apiUrl: `http://127.0.0.1:${port}/v3`, maxRetries: 2 })

      const error = await rejectionOf(client.createContact(contact("jane@example.com")))

      expect(error).toBeInstanceOf(OmnisendUnavailableError)
      expect(error).toMatchObject({ reason: "connection_refused", attempts: 3 })
      expect(error.status).toBeUndefined()
      expect(error.message).toContain(`http://127.0.0.1:${port}`)
      expect(error.message).toContain("refused")
      expect(client.requestCount).toBe(3)
      expectNoSecrets(error, lines, ["jane@example.com"])
    })
  })
})
