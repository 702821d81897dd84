/**
 * Plain assignment, except for the key "__proto__" (allowed by Omnisend's key pattern), which
 * assignment would turn into a prototype change. defineProperty only there: it is slower and
 * would push every object into dictionary mode.
 */
export function setOwnProperty<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}
