import { existsSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { dirname, join, relative, sep } from "node:path"
import { findFiles } from "./find-files.mjs"

/**
 * The admin extensions of the plugin: the settings pages and widgets src/admin declares, and
 * whether the admin bundles a built package ships (.medusa/server/src/admin/index.js for require,
 * index.mjs for import) register each of them. The store's admin build reads those bundles only.
 */

export const ADMIN_BUNDLES = ["index.js", "index.mjs"]

/** Page paths (routes/settings/omnisend/page.tsx -> /settings/omnisend) and widget zones, from the sources. */
export async function expectedAdminExtensions(adminDir) {
  const routesDir = join(adminDir, "routes")
  const pages = (await findFiles(routesDir, (name) => /^page\.[jt]sx$/.test(name))).map(
    (file) => `/${relative(routesDir, dirname(file)).split(sep).join("/").replace(/\[([^\]]+)\]/g, ":$1")}`
  )
  const zones = []
  for (const file of await findFiles(join(adminDir, "widgets"), (name) => /\.[jt]sx$/.test(name))) {
    const config = /defineWidgetConfig\(\s*\{[^}]*?zone:\s*(\[[^\]]*\]|"[^"]*"|'[^']*')/.exec(await readFile(file, "utf8"))
    if (config) zones.push(...[...config[1].matchAll(/["']([^"']+)["']/g)].map((match) => match[1]))
  }
  return { pages, zones }
}

/** The text of `const <name> = ...` in a bundle, up to the next top-level const. */
function moduleSection(bundle, name) {
  const start = bundle.indexOf(`const ${name} =`)
  if (start === -1) return null
  const end = bundle.indexOf("\nconst ", start)
  return bundle.slice(start, end === -1 ? undefined : end)
}

/** What each bundle in `bundleDir` lacks of `expected`: a list of problems, empty when all is there. */
export async function missingAdminExtensions(bundleDir, expected) {
  const problems = []
  for (const bundleName of ADMIN_BUNDLES) {
    const path = join(bundleDir, bundleName)
    if (!existsSync(path)) {
      problems.push(`${bundleName} is missing`)
      continue
    }
    const bundle = await readFile(path, "utf8")
    const routeModule = moduleSection(bundle, "routeModule") ?? ""
    const widgetModule = moduleSection(bundle, "widgetModule") ?? ""
    for (const page of expected.pages) {
      if (!routeModule.includes(`path: "${page}"`)) problems.push(`${bundleName} does not register the page ${page}`)
    }
    for (const zone of expected.zones) {
      if (!widgetModule.includes(`"${zone}"`)) problems.push(`${bundleName} does not register a widget in zone ${zone}`)
    }
  }
  return problems
}
