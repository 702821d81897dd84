import OmnisendModuleService from "../service"
import { WeakEncryptionSecretError } from "../settings/encryption-secret"

const STARTER_DEFAULT = { projectConfig: { http: { cookieSecret: "supersecret" } } }

function createService(options: Record<string, unknown>, warn = jest.fn()) {
  const Service = OmnisendModuleService as unknown as new (container: unknown, options: unknown) => OmnisendModuleService
  return new Service({ logger: { warn }, configModule: STARTER_DEFAULT }, options)
}

describe("the module service's key encryption with the starter's cookie secret", () => {
  const nodeEnv = process.env.NODE_ENV
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv
  })

  it("refuses to save a key in production, yet the store still boots", () => {
    process.env.NODE_ENV = "production"
    const warn = jest.fn()
    const service = createService({}, warn)
    expect(() => service.sealApiKey("a-key")).toThrow(WeakEncryptionSecretError)
    expect(() => service.unsealApiKey("v1:a:b:c")).toThrow(/Set the plugin's encryptionKey option/)
    expect(warn).not.toHaveBeenCalled()
  })

  it("encrypts with the encryptionKey option in production", () => {
    process.env.NODE_ENV = "production"
    const service = createService({ encryptionKey: "k".repeat(32) })
    expect(service.unsealApiKey(service.sealApiKey("a-key").api_key_encrypted)).toBe("a-key")
  })

  it("keeps working outside production and warns once", () => {
    process.env.NODE_ENV = "development"
    const warn = jest.fn()
    const service = createService({}, warn)
    expect(service.unsealApiKey(service.sealApiKey("a-key").api_key_encrypted)).toBe("a-key")
    service.sealApiKey("another-key")
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toContain("encryptionKey")
  })
})
