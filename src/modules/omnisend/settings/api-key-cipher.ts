import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto"

const ALGORITHM = "aes-256-gcm"
const FORMAT_VERSION = "v1"
const IV_BYTES = 12
const TAG_BYTES = 16
// Fixed and public: HKDF only needs them to tie the derived key to this one use.
const HKDF_SALT = "medusa-plugin-omnisend"
const HKDF_INFO = "omnisend-api-key-encryption-v1"

/** The saved key cannot be read back: the secret it was encrypted with changed, or the value was altered. */
export class OmnisendApiKeyUnreadableError extends Error {
  readonly code = "OMNISEND_API_KEY_UNREADABLE"
  constructor() {
    super(
      "The saved Omnisend API key cannot be decrypted: the encryption secret (the plugin's encryptionKey " +
        "option, or the store's cookieSecret) changed since it was saved. Enter the API key again in Settings -> Omnisend."
    )
    this.name = "OmnisendApiKeyUnreadableError"
  }
}

export interface ApiKeyCipher {
  /** "v1:<iv>:<tag>:<ciphertext>", base64url parts; a fresh random IV every time. */
  encrypt(apiKey: string): string
  decrypt(sealed: string): string
}

/**
 * AES-256-GCM encryption of the Omnisend API key at rest. The 256-bit key is derived from a secret
 * of any length with HKDF-SHA256, so a passphrase-like secret (a cookie secret) works as well as
 * random bytes. GCM's auth tag makes a wrong secret or a tampered value fail loudly.
 */
export function createApiKeyCipher(secret: string): ApiKeyCipher {
  if (!secret) {
    throw new Error("createApiKeyCipher: the secret must not be empty")
  }
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, 32))

  return {
    encrypt(apiKey) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES })
      const ciphertext = Buffer.concat([cipher.update(apiKey, "utf8"), cipher.final()])
      const tag = cipher.getAuthTag()
      return [FORMAT_VERSION, iv, tag, ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(":")
    },

    decrypt(sealed) {
      const [version, iv, tag, ciphertext, ...rest] = sealed.split(":")
      if (version !== FORMAT_VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
        throw new OmnisendApiKeyUnreadableError()
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES })
        decipher.setAuthTag(Buffer.from(tag, "base64url"))
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8")
      } catch {
        throw new OmnisendApiKeyUnreadableError()
      }
    },
  }
}
