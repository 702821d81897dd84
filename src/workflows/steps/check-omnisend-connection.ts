import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendAuthError, OmnisendError } from "../../modules/omnisend/client"
import { OmnisendApiKeyUnreadableError } from "../../modules/omnisend/settings/api-key-cipher"

export interface CheckOmnisendConnectionInput {
  /** A key to try instead of the saved one, sealed by the module (never plain in a workflow). */
  sealed_api_key?: string
}

export interface OmnisendBrand {
  brand_id: string
  name: string | null
  website: string | null
}

export type OmnisendConnectionCheck =
  | { ok: true; brand: OmnisendBrand; key_in_force: boolean }
  | { ok: false; error: { code: string; message: string }; key_in_force: boolean }

/**
 * Asks Omnisend who the key belongs to (GET /accounts). A failure is an answer, not an error: the
 * merchant sees why the key does not work. `key_in_force` tells whether the key tried is the one
 * syncs use, so that its success may lift a pause.
 */
export const checkOmnisendConnectionStep = createStep(
  "check-omnisend-connection",
  async (input: CheckOmnisendConnectionInput, { container }) => {
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    const { apiKey } = await omnisend.resolveSettings()
    const fail = (error: { code: string; message: string }, keyInForce: boolean) =>
      new StepResponse<OmnisendConnectionCheck>({ ok: false, error, key_in_force: keyInForce })

    const key = input.sealed_api_key ? omnisend.unsealApiKey(input.sealed_api_key) : apiKey.value
    if (!key) {
      const missing = apiKey.problem ? new OmnisendApiKeyUnreadableError() : new OmnisendAuthError({ reason: "missing_key" })
      return fail({ code: missing.code, message: missing.message }, false)
    }
    const keyInForce = key === apiKey.value
    try {
      const account = await omnisend.checkApiKey(key)
      const brand = { brand_id: account.brandID, name: account.name ?? null, website: account.website ?? null }
      return new StepResponse<OmnisendConnectionCheck>({ ok: true, brand, key_in_force: keyInForce })
    } catch (error) {
      if (!(error instanceof OmnisendError)) {
        throw error
      }
      return fail({ code: error.code, message: error.message }, keyInForce)
    }
  }
)
