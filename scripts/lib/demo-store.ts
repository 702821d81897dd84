import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createUsersWorkflow } from "@medusajs/core-flows"
import { bootMedusa } from "./boot-medusa"

/**
 * The store of `npm run demo`, in a child process (started with fork): boots this repository's
 * store on DATABASE_URL, makes sure the demo's admin user exists, tells the parent its port and
 * stops when the parent says so (or goes away).
 */

async function ensureAdmin(container: MedusaContainer, email: string, password: string): Promise<void> {
  const users = await container.resolve(Modules.USER).listUsers({ email })
  if (users.length > 0) {
    return
  }
  const { result } = await createUsersWorkflow(container).run({ input: { users: [{ email }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) {
    throw new Error(`could not create the demo admin: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: result[0].id } })
}

async function main(): Promise<void> {
  const medusa = await bootMedusa({ directory: process.cwd(), listen: true })
  const email = process.env.DEMO_ADMIN_EMAIL!
  const password = process.env.DEMO_ADMIN_PASSWORD!
  await ensureAdmin(medusa.container, email, password)
  const stop = () =>
    medusa.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        medusa.container.resolve(ContainerRegistrationKeys.LOGGER).error(String(error))
        process.exit(1)
      }
    )
  process.on("message", (message: { type: string }) => message.type === "stop" && void stop())
  process.on("disconnect", () => void stop())
  process.send!({ type: "ready", port: medusa.port })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error)
  process.exit(1)
})
