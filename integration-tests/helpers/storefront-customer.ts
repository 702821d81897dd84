import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

type Api = {
  post(url: string, body?: unknown, config?: { headers?: Record<string, string> }): Promise<{ data: any }>
}

export async function createPublishableKey(container: MedusaContainer): Promise<string> {
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const key = await apiKeyModule.createApiKeys({ title: "Storefront", type: "publishable", created_by: "test" })
  return key.token
}

export interface StorefrontCustomer {
  customer: any
  /** Headers of the signed-in customer, for /store/customers/me routes. */
  headers: Record<string, string>
}

/** Registers a customer the way a storefront does: emailpass registration, then POST /store/customers. */
export async function registerStorefrontCustomer(
  api: Api,
  publishableKey: string,
  profile: { email: string; password?: string } & Record<string, unknown>
): Promise<StorefrontCustomer> {
  const { password = "s3cret-password", ...body } = profile
  const base = { "x-publishable-api-key": publishableKey }
  const registered = await api.post("/auth/customer/emailpass/register", { email: profile.email, password })
  const { data } = await api.post("/store/customers", body, {
    headers: { ...base, authorization: `Bearer ${registered.data.token}` },
  })
  // The registration token carries no customer yet: sign in again for /me routes.
  const login = await api.post("/auth/customer/emailpass", { email: profile.email, password })
  return { customer: data.customer, headers: { ...base, authorization: `Bearer ${login.data.token}` } }
}
