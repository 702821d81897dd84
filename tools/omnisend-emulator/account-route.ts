import type { RouteHandler } from "./http-types"

/**
 * REFERENCE: GET /v3/accounts, the cheap authenticated call clients use to test a key.
 * ASSUMPTION: the body's fields and values (the plugin only reads the status).
 */
export function createAccountRoute(brandID: string): RouteHandler {
  return () => ({
    status: 200,
    body: {
      brandID,
      website: "https://emulator.omnisend.local",
      platform: "api",
      currency: "USD",
      name: "Omnisend Emulator",
    },
  })
}
