import { MedusaError } from "@medusajs/framework/utils"
import type { OmnisendPluginOptions } from "../options"

export type EncryptionSecretSource = "encryptionKey" | "cookieSecret"

/** Why a cookie secret is too weak to encrypt the API key with. */
export type CookieSecretWeakness = "known_default" | "too_short"

export interface EncryptionSecret {
  secret: string
  source: EncryptionSecretSource
  /** Set only for a cookie secret that anyone could guess. */
  weakness: CookieSecretWeakness | null
}

interface ConfigModuleLike {
  projectConfig?: { http?: { cookieSecret?: string } }
}

/** Shortest cookie secret trusted to encrypt the key: 32 characters, as for a random 256-bit key in hex. */
export const MIN_COOKIE_SECRET_LENGTH = 32

/**
 * Cookie secrets published with Medusa: its own fallback when none is configured, the starter's
 * medusa-config.ts and .env.template ("supersecret"), and placeholders copied from its docs.
 */
const KNOWN_DEFAULT_COOKIE_SECRETS = new Set(["supersecret", "cookiesecret", "cookie_secret", "cookie-secret", "secret"])

export const WEAK_ENCRYPTION_SECRET = "OMNISEND_WEAK_ENCRYPTION_SECRET"

/**
 * Refusal to encrypt the API key with a guessable cookie secret in production: whoever reads the
 * database could decrypt the key with a secret printed in Medusa's starter. A MedusaError of type
 * NOT_ALLOWED, so an admin route answers 400 with this message instead of an unknown error.
 */
export class WeakEncryptionSecretError extends MedusaError {
  constructor(readonly weakness: CookieSecretWeakness) {
    super(
      MedusaError.Types.NOT_ALLOWED,
      `The Omnisend API key cannot be saved or read: the store's cookieSecret ${describeWeakness(weakness)}, ` +
        "so anyone with a copy of the database could decrypt the key. Set the plugin's encryptionKey option " +
        `in medusa-config.ts to a random secret of at least ${MIN_COOKIE_SECRET_LENGTH} characters ` +
        "(e.g. `openssl rand -hex 32`), restart the store, and enter the API key again in Settings -> Omnisend.",
      WEAK_ENCRYPTION_SECRET
    )
    this.name = "WeakEncryptionSecretError"
  }
}

function describeWeakness(weakness: CookieSecretWeakness): string {
  return weakness === "known_default"
    ? "is a well-known default of Medusa's starter"
    : `is shorter than ${MIN_COOKIE_SECRET_LENGTH} characters`
}

export function findCookieSecretWeakness(cookieSecret: string): CookieSecretWeakness | null {
  if (KNOWN_DEFAULT_COOKIE_SECRETS.has(cookieSecret.trim().toLowerCase())) {
    return "known_default"
  }
  return cookieSecret.length < MIN_COOKIE_SECRET_LENGTH ? "too_short" : null
}

/**
 * The secret the saved API key is encrypted with: the plugin's `encryptionKey` option when given,
 * else the store's cookie secret. The cookie secret signs the admin's sessions, so it is already a
 * secret the store guards, unless it is a default; its weakness is reported for the caller to refuse
 * (production) or warn about (anywhere else, so a demo store keeps working).
 */
export function resolveEncryptionSecret(
  options: Pick<OmnisendPluginOptions, "encryptionKey">,
  configModule: ConfigModuleLike | undefined
): EncryptionSecret | null {
  if (options.encryptionKey) {
    return { secret: options.encryptionKey, source: "encryptionKey", weakness: null }
  }
  const cookieSecret = configModule?.projectConfig?.http?.cookieSecret
  return cookieSecret ? { secret: cookieSecret, source: "cookieSecret", weakness: findCookieSecretWeakness(cookieSecret) } : null
}

export type EncryptionSecretVerdict =
  | { accepted: EncryptionSecret; warning: string | null }
  | { refused: WeakEncryptionSecretError }

/**
 * Whether the key may be encrypted with `secret`: a weak cookie secret is refused in production and
 * only warned about elsewhere, so a development or demo store keeps working.
 */
export function judgeEncryptionSecret(secret: EncryptionSecret, production: boolean): EncryptionSecretVerdict {
  if (!secret.weakness) {
    return { accepted: secret, warning: null }
  }
  if (production) {
    return { refused: new WeakEncryptionSecretError(secret.weakness) }
  }
  return {
    accepted: secret,
    warning:
      `Omnisend: the API key saved in Medusa Admin is encrypted with the store's cookieSecret, which ` +
      `${describeWeakness(secret.weakness)}. In production this is refused: set the plugin's encryptionKey ` +
      `option to a random secret of at least ${MIN_COOKIE_SECRET_LENGTH} characters.`,
  }
}
