import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import OmnisendModuleService from "./service"

export const OMNISEND_MODULE = "omnisend"

export default Module(OMNISEND_MODULE, {
  service: OmnisendModuleService,
  loaders: [validateOptionsLoader],
})

export * from "./options"
export type { default as OmnisendModuleService } from "./service"
