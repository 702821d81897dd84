import type { OmnisendPluginOptions } from "../options"

export type EncryptionSecretSource = "encryptionKey" | "cookieSecret"

export interface EncryptionSecret {
  secret: string
  source: EncryptionSecretSource
}

interface ConfigModuleLike {
  projectConfig?: { http?: { cookieSecret?: string } }
}

/**
 * The secret the saved API key is encrypted with: the plugin's `encryptionKey` option when given,
 * else the store's cookie secret (always set: Medusa refuses to start in production without it).
 * The cookie secret is what signs the admin's sessions, so it is already a secret the store guards.
 */
export function resolveEncryptionSecret(
  options: Pick<OmnisendPluginOptions, "encryptionKey">,
  configModule: ConfigModuleLike | undefined
): EncryptionSecret | null {
  if (options.encryptionKey) {
    return { secret: options.encryptionKey, source: "encryptionKey" }
  }
  const cookieSecret = configModule?.projectConfig?.http?.cookieSecret
  return cookieSecret ? { secret: cookieSecret, source: "cookieSecret" } : null
}
