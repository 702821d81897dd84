import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNISEND_MODULE } from "../../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../../modules/omnisend"
import { testOmnisendConnectionWorkflow } from "../../../../../workflows/test-omnisend-connection"
import type { AdminVerifyOmnisendConnectionType } from "../validators"

/**
 * Tests the key in the body, or the saved one. Answers 200 either way: `ok` says whether Omnisend
 * accepted the key, with the brand it belongs to, or the reason it did not.
 *
 * The folder is `verify`, not `test`: `medusa plugin:build` leaves out every folder named `test`,
 * so a route there would be missing from the published package.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminVerifyOmnisendConnectionType>, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  const { api_key } = req.validatedBody
  const { result } = await testOmnisendConnectionWorkflow(req.scope).run({
    input: { sealed_api_key: api_key === undefined ? undefined : omnisend.sealApiKey(api_key).api_key_encrypted },
  })
  res.json(
    result.ok
      ? { ok: true, brand: result.brand, resumed: result.resumed }
      : { ok: false, error: result.error, resumed: false }
  )
}
