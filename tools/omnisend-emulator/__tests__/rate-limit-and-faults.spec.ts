import { startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact, sleep } from "./emulator-client"

describe("Omnisend emulator: rate limit, faults and reset", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>
  let randomValues: number[] = []

  // Constructor options that reset() must restore.
  beforeAll(async () => {
    emulator = await startOmnisendEmulator({
      forbiddenApiKeys: ["forbidden-key"],
      rateLimit: { limit: 50, windowMs: 60_000 },
      random: () => randomValues.shift() ?? 0.99,
    })
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => {
    emulator.reset()
    randomValues = []
  })

  const rateHeaders = (headers: Headers) => [
    headers.get("x-rate-limit-limit"),
    headers.get("x-rate-limit-remaining"),
    headers.get("x-rate-limit-reset"),
  ]

  describe("rate limit", () => {
    it("counts down in the headers, answers 429 over the limit and recovers after the window", async () => {
      emulator.configure({ rateLimit: { limit: 3, windowMs: 600 } })
      const replies = [await call("GET", "/accounts"), await call("GET", "/accounts"), await call("GET", "/accounts")]
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200])
      expect(replies.map((reply) => rateHeaders(reply.headers))).toEqual([
        ["3", "2", "1"],
        ["3", "1", "1"],
        ["3", "0", "1"],
      ])
      const limited = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(limited.status).toBe(429)
      expect(limited.body).toEqual({ error: "Too many requests" })
      expect(rateHeaders(limited.headers)).toEqual(["3", "0", "1"])
      expect(emulator.state.contacts()).toHaveLength(0)

      await sleep(650)
      const recovered = await call("GET", "/accounts")
      expect(recovered.status).toBe(200)
      expect(rateHeaders(recovered.headers)).toEqual(["3", "2", "1"])
    })

    it("puts the headers on every answer to an account, whatever its status", async () => {
      emulator.configure({ rateLimit: { limit: 10, windowMs: 60_000 }, faults: { unavailableRate: 0.5 } })
      randomValues = [0.2]
      const answers = [
        await call("GET", "/accounts"),
        await call("GET", "/nowhere"),
        await call("GET", "/accounts", undefined, { apiKey: "forbidden-key" }),
        await call("POST", "/contacts", { identifiers: [] }),
      ]
      expect(answers.map((reply) => reply.status)).toEqual([503, 404, 403, 400])
      expect(answers.map((reply) => rateHeaders(reply.headers)[1])).toEqual(["9", "8", "7", "6"])
    })

    it("reports the seconds left in the window, rounded up", async () => {
      emulator.configure({ rateLimit: { limit: 10, windowMs: 2_500 } })
      expect((await call("GET", "/accounts")).headers.get("x-rate-limit-reset")).toBe("3")
    })

    it("sends no rate headers when the limit is off", async () => {
      emulator.configure({ rateLimit: null })
      const reply = await call("GET", "/accounts")
      expect(reply.headers.get("x-rate-limit-limit")).toBeNull()
    })

    it("counts requests answered by faults, but not unauthenticated ones", async () => {
      emulator.configure({ rateLimit: { limit: 2, windowMs: 60_000 } })
      expect((await call("GET", "/accounts", undefined, { apiKey: "wrong" })).status).toBe(401)
      emulator.failNext({ status: 500 })
      const canned = await call("GET", "/accounts")
      expect(canned.status).toBe(500)
      expect(canned.headers.get("x-rate-limit-remaining")).toBe("1")
      expect((await call("GET", "/accounts")).status).toBe(200)
      expect((await call("GET", "/accounts")).status).toBe(429)
    })

    it("answers 429 before serving a canned response", async () => {
      emulator.configure({ rateLimit: { limit: 1, windowMs: 300 } })
      expect((await call("GET", "/accounts")).status).toBe(200)
      emulator.failNext({ status: 502 })
      expect((await call("GET", "/accounts")).status).toBe(429)
      await sleep(350)
      expect((await call("GET", "/accounts")).status).toBe(502)
    })
  })

  describe("failNext", () => {
    it("serves canned responses in order to the next authenticated requests", async () => {
      emulator.failNext({ status: 503 }, { status: 429, body: { error: "slow down" }, headers: { "Retry-After": "2" } })
      expect((await call("GET", "/accounts", undefined, { apiKey: null })).status).toBe(401)

      const first = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(first.status).toBe(503)
      expect(first.body.error).toEqual(expect.any(String))
      expect(first.headers.get("content-type")).toBe("application/json")
      const second = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(second.status).toBe(429)
      expect(second.body).toEqual({ error: "slow down" })
      expect(second.headers.get("retry-after")).toBe("2")
      expect(emulator.state.contacts()).toHaveLength(0)

      const third = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(third.status).toBe(200)
      expect(emulator.state.requests().map((request) => request.status)).toEqual([401, 503, 429, 200])
    })
  })

  describe("blockFor", () => {
    it("answers every authenticated request 403 with the forbidden body for that long, then recovers", async () => {
      emulator.blockFor(300)
      const blocked = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(blocked.status).toBe(403)
      expect(blocked.body).toEqual({ error: "Forbidden - the server understood the request, but is refusing it" })
      expect(rateHeaders(blocked.headers)[0]).toBe("50")
      expect((await call("GET", "/batches/0123456789abcdef01234567")).status).toBe(403)
      expect((await call("GET", "/accounts", undefined, { apiKey: "wrong" })).status).toBe(401)
      expect(emulator.state.contacts()).toHaveLength(0)
      await sleep(350)
      expect((await call("POST", "/contacts", emailContact("jane@example.com"))).status).toBe(200)
    })

    it("is lifted by reset()", async () => {
      emulator.blockFor(60_000)
      emulator.reset()
      expect((await call("GET", "/accounts")).status).toBe(200)
    })
  })

  describe("unavailableRate", () => {
    it("answers 503 for the share of requests chosen by random()", async () => {
      emulator.configure({ faults: { unavailableRate: 0.5 } })
      randomValues = [0.2, 0.7, 0.49, 0.5]
      const statuses = []
      for (let index = 0; index < 4; index++) {
        statuses.push((await call("POST", "/contacts", emailContact(`user${index}@example.com`))).status)
      }
      expect(statuses).toEqual([503, 200, 503, 200])
      expect(emulator.state.contacts().map((contact) => contact.email)).toEqual(["user1@example.com", "user3@example.com"])
      const failed = emulator.state.requests()[0]
      expect(failed.status).toBe(503)
    })

    it("answers the documented 503 body", async () => {
      emulator.configure({ faults: { unavailableRate: 1 } })
      randomValues = [0.5]
      expect((await call("GET", "/accounts")).body).toEqual({ error: "Service unavailable" })
    })
  })

  describe("latency", () => {
    it("delays every response long enough to trip a client timeout", async () => {
      emulator.configure({ faults: { latencyMs: 300 } })
      const started = Date.now()
      expect((await call("GET", "/accounts")).status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(280)
      await expect(
        fetch(`${emulator.url}/accounts`, { headers: { "X-API-KEY": emulator.apiKey }, signal: AbortSignal.timeout(100) })
      ).rejects.toThrow()
      emulator.configure({ faults: {} })
      const quick = Date.now()
      await call("GET", "/accounts")
      expect(Date.now() - quick).toBeLessThan(250)
    })
  })

  describe("maxBodyBytes", () => {
    it("can be lowered at runtime", async () => {
      emulator.configure({ maxBodyBytes: 100 })
      const reply = await call("POST", "/contacts", { ...emailContact("jane@example.com"), firstName: "x".repeat(100) })
      expect(reply.status).toBe(413)
      expect(reply.body).toEqual({ error: "Request body too large (max 100 bytes)" })
    })
  })

  describe("reset()", () => {
    it("clears data and queues and restores the constructor options", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com"))
      await call("POST", "/batches", { method: "POST", endpoint: "contacts", items: [emailContact("john@example.com")] })
      emulator.configure({ rateLimit: { limit: 1000, windowMs: 1000 }, faults: { latencyMs: 200 }, maxBodyBytes: 10 })
      emulator.failNext({ status: 500 })

      emulator.reset()
      await emulator.waitForBatches()

      expect(emulator.state.contacts()).toEqual([])
      expect(emulator.state.batches()).toEqual([])
      expect(emulator.state.requests()).toEqual([])
      const started = Date.now()
      const reply = await call("POST", "/contacts", emailContact("jane@example.com"))
      expect(Date.now() - started).toBeLessThan(150)
      expect(reply.status).toBe(200)
      expect(rateHeaders(reply.headers).slice(0, 2)).toEqual(["50", "49"])
      // The batch queued before reset() was dropped, not processed.
      await sleep(60)
      expect(emulator.state.contactByEmail("john@example.com")).toBeUndefined()
    })
  })
})
