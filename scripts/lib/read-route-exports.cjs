/**
 * Child process of scripts/lib/plugin-routes.mjs: requires each compiled route file given as an
 * argument and sends back the HTTP methods it exports, read as Medusa's routes loader reads them
 * (@medusajs/framework http/routes-loader.js: exports named after an HTTP method that are functions).
 * A process of its own because requiring a route loads the store's Medusa framework.
 */
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]

const methodsByFile = {}
for (const file of process.argv.slice(2)) {
  const routeExports = require(file)
  methodsByFile[file] = HTTP_METHODS.filter((method) => typeof routeExports[method] === "function")
}
process.send(methodsByFile, () => process.exit(0))
