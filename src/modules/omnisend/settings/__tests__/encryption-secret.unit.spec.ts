import { MedusaError } from "@medusajs/framework/utils"
import {
  findCookieSecretWeakness,
  judgeEncryptionSecret,
  MIN_COOKIE_SECRET_LENGTH,
  resolveEncryptionSecret,
  WEAK_ENCRYPTION_SECRET,
  WeakEncryptionSecretError,
} from "../encryption-secret"

const STRONG_COOKIE_SECRET = "0123456789abcdef0123456789abcdef"

function withCookieSecret(cookieSecret: string) {
  return { projectConfig: { http: { cookieSecret } } }
}

describe("resolveEncryptionSecret", () => {
  const configModule = withCookieSecret(STRONG_COOKIE_SECRET)

  it("prefers the plugin's encryptionKey option", () => {
    expect(resolveEncryptionSecret({ encryptionKey: "a-dedicated-secret" }, withCookieSecret("supersecret"))).toEqual({
      secret: "a-dedicated-secret",
      source: "encryptionKey",
      weakness: null,
    })
  })

  it("falls back to the store's cookie secret", () => {
    expect(resolveEncryptionSecret({}, configModule)).toEqual({
      secret: STRONG_COOKIE_SECRET,
      source: "cookieSecret",
      weakness: null,
    })
  })

  it("reports a weak cookie secret with it", () => {
    expect(resolveEncryptionSecret({}, withCookieSecret("supersecret"))?.weakness).toBe("known_default")
  })

  it("has none when neither is available", () => {
    expect(resolveEncryptionSecret({}, undefined)).toBeNull()
  })
})

describe("findCookieSecretWeakness", () => {
  it.each(["supersecret", "SuperSecret", " supersecret ", "cookieSecret", "cookie_secret", "secret"])(
    "knows %p as a default of Medusa's starter",
    (secret) => {
      expect(findCookieSecretWeakness(secret)).toBe("known_default")
    }
  )

  it("finds a secret under 32 characters too short", () => {
    expect(MIN_COOKIE_SECRET_LENGTH).toBe(32)
    expect(findCookieSecretWeakness("a".repeat(31))).toBe("too_short")
    expect(findCookieSecretWeakness("a".repeat(32))).toBeNull()
  })
})

describe("judgeEncryptionSecret", () => {
  const weak = { secret: "supersecret", source: "cookieSecret" as const, weakness: "known_default" as const }

  it("refuses a weak cookie secret in production, telling the merchant to set encryptionKey", () => {
    const verdict = judgeEncryptionSecret(weak, true)
    expect("refused" in verdict).toBe(true)
    const error = (verdict as { refused: WeakEncryptionSecretError }).refused
    expect(error).toBeInstanceOf(WeakEncryptionSecretError)
    // NOT_ALLOWED makes an admin route answer 400 with the message rather than an unknown error.
    expect(MedusaError.isMedusaError(error)).toBe(true)
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.code).toBe(WEAK_ENCRYPTION_SECRET)
    expect(error.message).toContain("well-known default")
    expect(error.message).toContain("encryptionKey")
    expect(error.message).toContain("at least 32 characters")
    expect(error.message).not.toContain("supersecret")
  })

  it("names a short secret as too short", () => {
    const verdict = judgeEncryptionSecret({ secret: "short", source: "cookieSecret", weakness: "too_short" }, true)
    expect((verdict as { refused: WeakEncryptionSecretError }).refused.message).toContain("shorter than 32 characters")
  })

  it("accepts a weak cookie secret outside production with a warning that never shows the secret", () => {
    const verdict = judgeEncryptionSecret(weak, false)
    expect(verdict).toEqual({ accepted: weak, warning: expect.stringContaining("encryptionKey") })
    expect((verdict as { warning: string }).warning).not.toContain("supersecret")
  })

  it.each([true, false])("accepts a strong secret without a warning (production: %p)", (production) => {
    const strong = { secret: STRONG_COOKIE_SECRET, source: "cookieSecret" as const, weakness: null }
    expect(judgeEncryptionSecret(strong, production)).toEqual({ accepted: strong, warning: null })
  })

  it("accepts the encryptionKey option in production whatever the cookie secret", () => {
    const secret = resolveEncryptionSecret({ encryptionKey: "k".repeat(32) }, withCookieSecret("supersecret"))!
    expect(judgeEncryptionSecret(secret, true)).toEqual({ accepted: secret, warning: null })
  })
})
