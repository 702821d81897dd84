import { createApiKeyCipher, OmnisendApiKeyUnreadableError } from "../api-key-cipher"

const KEY = "6467a1b2c3d4e5f6a7b8c9d0-LIVEkeyForOmnisend0123456789"

describe("createApiKeyCipher", () => {
  const cipher = createApiKeyCipher("the store's cookie secret")

  it("encrypts to a versioned AES-GCM value that reads back to the key", () => {
    const sealed = cipher.encrypt(KEY)
    expect(sealed).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/)
    expect(sealed).not.toContain(KEY)
    expect(cipher.decrypt(sealed)).toBe(KEY)
  })

  it("uses a fresh IV every time, so equal keys never look equal at rest", () => {
    const first = cipher.encrypt(KEY)
    const second = cipher.encrypt(KEY)
    expect(first).not.toBe(second)
    expect(first.split(":")[1]).not.toBe(second.split(":")[1])
  })

  it("refuses a value encrypted with another secret", () => {
    const sealed = createApiKeyCipher("another secret").encrypt(KEY)
    expect(() => cipher.decrypt(sealed)).toThrow(OmnisendApiKeyUnreadableError)
    expect(() => cipher.decrypt(sealed)).toThrow("Enter the API key again in Settings -> Omnisend")
  })

  it("refuses a tampered value (the auth tag no longer matches)", () => {
    const [version, iv, tag, ciphertext] = cipher.encrypt(KEY).split(":")
    const bytes = Buffer.from(ciphertext, "base64url")
    bytes[0] ^= 1
    expect(() => cipher.decrypt([version, iv, tag, bytes.toString("base64url")].join(":"))).toThrow(OmnisendApiKeyUnreadableError)
  })

  it("refuses values in an unknown format, such as a plain key", () => {
    expect(() => cipher.decrypt(KEY)).toThrow(OmnisendApiKeyUnreadableError)
    expect(() => cipher.decrypt(`v2:${cipher.encrypt(KEY).slice(3)}`)).toThrow(OmnisendApiKeyUnreadableError)
  })

  it("needs a secret", () => {
    expect(() => createApiKeyCipher("")).toThrow("the secret must not be empty")
  })
})
