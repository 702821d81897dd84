import { fork } from "node:child_process"
import { readFile } from "node:fs/promises"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { findFiles } from "./find-files.mjs"

/**
 * The API routes of the plugin, as `{ method, path }` with path in Medusa's folder form
 * (`/admin/omnisend/customers/[id]`): those the source tree declares (every route.ts under src/api)
 * and those a built package holds (every route.js under .medusa/server/src/api). Comparing the two
 * names the routes `medusa plugin:build` left out (it drops folders named test, unit-tests,
 * integration-tests).
 */

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
const readRouteExportsScript = join(dirname(fileURLToPath(import.meta.url)), "read-route-exports.cjs")

function routePathOf(apiDir, routeFile) {
  return `/${relative(apiDir, dirname(routeFile)).split(sep).join("/")}`
}

/** The methods a route.ts exports, from its text: `export [async] function POST`, `export const GET`, `export { x as GET }`. */
function exportedMethodsInSource(text) {
  const listed = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((match) =>
    match[1].split(",").map((item) => item.trim().split(/\s+as\s+/).pop())
  )
  return HTTP_METHODS.filter(
    (method) => new RegExp(`export\\s+(async\\s+)?(function|const|let|var)\\s+${method}\\b`).test(text) || listed.includes(method)
  )
}

export async function listSourceRoutes(apiDir) {
  const routes = []
  for (const file of await findFiles(apiDir, (name) => name === "route.ts")) {
    const methods = exportedMethodsInSource(await readFile(file, "utf8"))
    routes.push(...methods.map((method) => ({ method, path: routePathOf(apiDir, file) })))
  }
  return sortRoutes(routes)
}

/** Requires the compiled routes in a child process (they load the store's Medusa framework) and lists what they export. */
export async function listPackagedRoutes(apiDir) {
  const files = await findFiles(apiDir, (name) => name === "route.js")
  if (files.length === 0) return []
  const methodsByFile = await new Promise((resolve, reject) => {
    const child = fork(readRouteExportsScript, files, { stdio: ["ignore", "ignore", "pipe", "ipc"] })
    let stderr = ""
    let answer = null
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-3000)))
    child.on("message", (message) => (answer = message))
    child.on("error", reject)
    child.on("exit", (code) =>
      answer ? resolve(answer) : reject(new Error(`reading the packaged route files failed (exit ${code}):\n${stderr}`))
    )
  })
  const routes = files.flatMap((file) => methodsByFile[file].map((method) => ({ method, path: routePathOf(apiDir, file) })))
  return sortRoutes(routes)
}

/** "POST /admin/omnisend/customers/:id/sync": the route as Medusa matches it and the README lists it. */
export const routeKey = ({ method, path }) => `${method} ${path.replace(/\[([^\]]+)\]/g, ":$1")}`

/** Every route of either list, each marked with where it was found. */
export function mergeRoutes(sourceRoutes, packagedRoutes) {
  const merged = new Map()
  for (const route of sourceRoutes) merged.set(routeKey(route), { ...route, inSource: true, inPackage: false })
  for (const route of packagedRoutes) {
    merged.set(routeKey(route), { ...route, inSource: merged.has(routeKey(route)), inPackage: true })
  }
  return sortRoutes([...merged.values()])
}

function sortRoutes(routes) {
  return routes.sort(
    (a, b) => a.path.localeCompare(b.path) || HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method)
  )
}
