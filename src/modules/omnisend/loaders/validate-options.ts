import { LoaderOptions } from "@medusajs/framework/types"
import { parseOmnisendOptions } from "../options"

/** Fails the store's boot with a readable list of problems when the plugin options are wrong. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parseOmnisendOptions(options)
}
