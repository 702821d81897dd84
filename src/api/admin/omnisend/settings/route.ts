import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { OMNISEND_MODULE } from "../../../../modules/omnisend"
import type { OmnisendModuleService } from "../../../../modules/omnisend"
import { updateOmnisendSettingsWorkflow } from "../../../../workflows/update-omnisend-settings"
import { settingsResponse } from "../presenters/settings-response"
import type { AdminUpdateOmnisendSettingsType } from "./validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  res.json({ settings: settingsResponse(await omnisend.resolveSettings()) })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateOmnisendSettingsType>, res: MedusaResponse) {
  const omnisend: OmnisendModuleService = req.scope.resolve(OMNISEND_MODULE)
  const { api_key, ...settings } = req.validatedBody
  await updateOmnisendSettingsWorkflow(req.scope).run({
    input: { ...settings, api_key: api_key === undefined ? undefined : omnisend.sealApiKey(api_key) },
  })
  res.json({ settings: settingsResponse(await omnisend.resolveSettings()) })
}
