/**
 * Node module resolve hook (registered with module.register by local-postgres.mjs): imports of one
 * bare specifier load the module at another URL; everything else resolves as usual.
 */

let redirect

export function initialize(data) {
  redirect = data
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === redirect.specifier) {
    return { url: redirect.url, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}
