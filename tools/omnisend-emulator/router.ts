import type { RouteHandler } from "./http-types"

export interface RouteDefinition {
  /** Capture groups become RouteRequest.params. */
  pattern: RegExp
  methods: Partial<Record<string, RouteHandler>>
}

export type RouteMatch =
  | { kind: "found"; handler: RouteHandler; params: string[] }
  | { kind: "notFound" }
  | { kind: "methodNotAllowed"; allow: string[] }

export type Router = (method: string, pathname: string) => RouteMatch

// A malformed escape cannot name a known contact or batch; kept raw, it simply finds nothing.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** ASSUMPTION: path first, then method, so a known path with the wrong verb answers 405 rather than 404. */
export function createRouter(routes: RouteDefinition[]): Router {
  return (method, pathname) => {
    for (const route of routes) {
      const match = route.pattern.exec(pathname)
      if (!match) continue
      const handler = route.methods[method]
      if (!handler) return { kind: "methodNotAllowed", allow: Object.keys(route.methods) }
      return { kind: "found", handler, params: match.slice(1).map(decodeSegment) }
    }
    return { kind: "notFound" }
  }
}
