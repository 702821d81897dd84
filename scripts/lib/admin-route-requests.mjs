import { routeKey } from "./plugin-routes.mjs"

/**
 * How scripts/check-packaged-plugin.mjs calls a route of the packed plugin to learn whether the
 * store serves it: the URL with real values for its [param] segments (a made-up id would let the
 * route's own "not found" pass for a missing route), a body its validator accepts that changes
 * nothing a merchant would notice, and what the answer's status says.
 */

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"])

/** Bodies for the routes that need more than {}. */
const REQUEST_BODIES = {
  // The default value: saving it changes nothing (the validator refuses an empty change).
  "POST /admin/omnisend/settings": { enabled: true },
  // Counts what a backfill would send, without writing to Omnisend or the ledger.
  "POST /admin/omnisend/backfill": { dry_run: true },
}

/** `params` maps each [param] name to a value that exists in the store, e.g. { id: "cus_..." }. */
export function requestFor(route, params) {
  const url = route.path.replace(/\[([^\]]+)\]/g, (_, name) => {
    if (!(name in params)) {
      throw new Error(`${routeKey(route)}: no value for [${name}]; give the route check a real one`)
    }
    return encodeURIComponent(params[name])
  })
  const body = METHODS_WITH_BODY.has(route.method) ? (REQUEST_BODIES[routeKey(route)] ?? {}) : undefined
  return { url, body }
}

/** Null when the status shows the store serves the route, else what is wrong. */
export function problemWithStatus(status) {
  if (status === 404) return "not found: the store does not serve this route"
  // Medusa authenticates every /admin path before it looks for a route: a refused session hides a 404.
  if (status === 401 || status === 403) return "the admin session was refused, so whether the route exists is unknown"
  if (status >= 500) return "server error"
  return null
}
