import { resolveEncryptionSecret } from "../encryption-secret"

describe("resolveEncryptionSecret", () => {
  const configModule = { projectConfig: { http: { cookieSecret: "cookie-secret" } } }

  it("prefers the plugin's encryptionKey option", () => {
    expect(resolveEncryptionSecret({ encryptionKey: "a-dedicated-secret" }, configModule)).toEqual({
      secret: "a-dedicated-secret",
      source: "encryptionKey",
    })
  })

  it("falls back to the store's cookie secret", () => {
    expect(resolveEncryptionSecret({}, configModule)).toEqual({ secret: "cookie-secret", source: "cookieSecret" })
  })

  it("has none when neither is available", () => {
    expect(resolveEncryptionSecret({}, undefined)).toBeNull()
  })
})
