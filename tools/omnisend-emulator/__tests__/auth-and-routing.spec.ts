import { startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact, invalidDataError } from "./emulator-client"

// CONTRACT: error_unauthorized and error_forbidden.
const UNAUTHORIZED = { error: "Unauthorized - authorization error (invalid basic auth data or API key)" }
const FORBIDDEN = { error: "Forbidden - the server understood the request, but is refusing it" }

describe("Omnisend emulator: auth, routing and the request log", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator({ apiKeys: ["good-key", "second-key"], forbiddenApiKeys: ["blocked-key"] })
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  it("exposes its address and first key", () => {
    expect(emulator.apiKey).toBe("good-key")
    expect(emulator.origin).toBe(`http://127.0.0.1:${emulator.port}`)
    expect(emulator.url).toBe(`${emulator.origin}/v3`)
    expect(emulator.port).toBeGreaterThan(0)
  })

  it("answers 401 without an X-API-KEY header", async () => {
    const reply = await call("GET", "/accounts", undefined, { apiKey: null })
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual(UNAUTHORIZED)
  })

  it("answers 401 for an unknown key, even on unknown routes", async () => {
    const reply = await call("GET", "/accounts", undefined, { apiKey: "wrong-key" })
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual(UNAUTHORIZED)
    expect((await call("GET", "/nowhere", undefined, { apiKey: "wrong-key" })).status).toBe(401)
  })

  it("answers 403 for a forbidden key, on every call", async () => {
    const reply = await call("POST", "/contacts", emailContact("jane@example.com"), { apiKey: "blocked-key" })
    expect(reply.status).toBe(403)
    expect(reply.body).toEqual(FORBIDDEN)
    expect(emulator.state.contacts()).toHaveLength(0)
    expect((await call("GET", "/accounts", undefined, { apiKey: "blocked-key" })).status).toBe(403)
  })

  it("answers 401 for a revoked key until the faults no longer list it", async () => {
    emulator.configure({ faults: { revokedApiKeys: ["good-key"] } })
    const reply = await call("POST", "/contacts", emailContact("jane@example.com"))
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual(UNAUTHORIZED)
    expect(emulator.state.contacts()).toHaveLength(0)
    expect((await call("GET", "/accounts", undefined, { apiKey: "second-key" })).status).toBe(200)

    emulator.configure({ faults: {} })
    expect((await call("GET", "/accounts")).status).toBe(200)
  })

  it("accepts every configured key", async () => {
    expect((await call("GET", "/accounts", undefined, { apiKey: "second-key" })).status).toBe(200)
  })

  it("describes the account on GET /v3/accounts", async () => {
    const reply = await call("GET", "/accounts")
    expect(reply.status).toBe(200)
    expect(reply.headers.get("content-type")).toBe("application/json")
    expect(reply.body).toEqual({
      brandID: expect.stringMatching(/^[0-9a-f]{24}$/),
      website: "https://emulator.omnisend.local",
      platform: "api",
      currency: "USD",
      name: "Omnisend Emulator",
    })
  })

  it("answers 404 JSON for unknown routes and 405 for wrong methods", async () => {
    const unknown = await call("GET", "/campaigns")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ error: "Not found" })
    expect(unknown.headers.get("content-type")).toBe("application/json")
    const outsideVersion = await fetch(`${emulator.origin}/v5/contacts`, { headers: { "X-API-KEY": "good-key" } })
    expect(outsideVersion.status).toBe(404)
    const wrongMethod = await call("DELETE", "/contacts/0123456789abcdef01234567")
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.body.error).toEqual(expect.any(String))
    expect(wrongMethod.headers.get("allow")).toBe("GET, PATCH")
  })

  it("answers 404 for a path with a malformed escape instead of failing", async () => {
    const reply = await call("GET", "/contacts/%E0%A4%A")
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ error: "Contact not found" })
  })

  it("answers 400 for a body that is not JSON", async () => {
    const reply = await call("POST", "/contacts", undefined, { rawBody: "{not json" })
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error: invalidDataError(1), fields: { "0": ["body: must be valid JSON"] } })
  })

  it("records every request in order, with parsed body and size, never the key", async () => {
    const body = emailContact("jane@example.com")
    await call("POST", "/contacts", body)
    await call("GET", "/contacts?email=jane%40example.com&limit=1")
    await call("GET", "/accounts", undefined, { apiKey: "wrong-key" })
    await call("POST", "/contacts", undefined, { rawBody: "nope" })

    const requests = emulator.state.requests()
    expect(requests.map((request) => [request.method, request.path, request.status])).toEqual([
      ["POST", "/v3/contacts", 200],
      ["GET", "/v3/contacts", 200],
      ["GET", "/v3/accounts", 401],
      ["POST", "/v3/contacts", 400],
    ])
    expect(requests[0].body).toEqual(body)
    expect(requests[0].bodyBytes).toBe(Buffer.byteLength(JSON.stringify(body)))
    expect(requests[1].query).toEqual({ email: "jane@example.com", limit: "1" })
    expect(requests[1].body).toBeNull()
    expect(requests[3].body).toBeNull()
    expect(requests[3].bodyBytes).toBe(4)
    expect(Date.parse(requests[0].at)).not.toBeNaN()
    const serialized = JSON.stringify(requests)
    expect(serialized).not.toContain("good-key")
    expect(serialized).not.toContain("wrong-key")

    emulator.state.clearRequests()
    expect(emulator.state.requests()).toEqual([])
  })

  it("keeps sizes but not bodies in the request log when started with recordBodies: false", async () => {
    const lean = await startOmnisendEmulator({ recordBodies: false })
    try {
      const body = emailContact("jane@example.com")
      const reply = await createClient(lean)("POST", "/contacts", body)
      expect(reply.status).toBe(200)
      const [request] = lean.state.requests()
      expect(request).toEqual(expect.objectContaining({ method: "POST", path: "/v3/contacts", status: 200, body: null }))
      expect(request.bodyBytes).toBe(Buffer.byteLength(JSON.stringify(body)))
      expect(lean.state.contactByEmail("jane@example.com")).toBeDefined()
    } finally {
      await lean.stop()
    }
  })
})
