import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import jwt from "jsonwebtoken"

/** The store in medusa-config.ts signs with this secret unless JWT_SECRET is set. */
const JWT_SECRET = process.env.JWT_SECRET || "supersecret"

/**
 * Creates an admin user with an emailpass identity and answers the headers of a signed-in admin,
 * as Medusa's "Test API routes" guide does. Call it in beforeEach: the runner resets the database
 * before every test.
 */
export async function createAdminHeaders(container: MedusaContainer): Promise<{ headers: Record<string, string> }> {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const user = await userModule.createUsers({ email: "admin@medusa-test.com" })
  const authIdentity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: "admin@medusa-test.com" }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id },
    JWT_SECRET,
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}
