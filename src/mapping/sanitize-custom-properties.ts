import type { CustomPropertyValue } from "../modules/omnisend/client/schemas"
import type { MappingWarning } from "./mapping-warning"
import { PURCHASE_HISTORY_PROPERTIES } from "./purchase-history-properties"

/** Always set, so a contact in Omnisend can be traced back to its Medusa customer. */
export const MEDUSA_CUSTOMER_ID_PROPERTY = "medusa_customer_id"

/** Names the plugin writes itself; a merchant's metadata key never overrides them. */
export const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  MEDUSA_CUSTOMER_ID_PROPERTY,
  ...Object.values(PURCHASE_HISTORY_PROPERTIES),
])

const MAX_KEY_LENGTH = 128

export interface SanitizedCustomProperties {
  customProperties: Record<string, CustomPropertyValue>
  warnings: MappingWarning[]
}

/** Omnisend property names are kept to [A-Za-z0-9_], at most 128 characters. */
export function sanitizePropertyKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, "_").slice(0, MAX_KEY_LENGTH)
}

function toPropertyValue(value: unknown): CustomPropertyValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") {
    return value
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : undefined
  }
  if (Array.isArray(value) && value.every((item): item is string => typeof item === "string")) {
    return [...value]
  }
  return undefined
}

/**
 * Copies only the allowlisted metadata keys into Omnisend custom properties. Values Omnisend cannot
 * store are dropped with a warning that names the key, never the value.
 */
export function sanitizeCustomProperties(
  metadata: Record<string, unknown> | null,
  allowedKeys: string[],
  customerId: string
): SanitizedCustomProperties {
  const properties = new Map<string, CustomPropertyValue>()
  const warnings: MappingWarning[] = []
  for (const key of new Set(allowedKeys)) {
    // A missing or null value means "not set", not a misconfiguration: nothing to warn about.
    const raw = metadata && Object.prototype.hasOwnProperty.call(metadata, key) ? metadata[key] : undefined
    if (raw === undefined || raw === null) {
      continue
    }
    const name = sanitizePropertyKey(key)
    if (name === "" || RESERVED_PROPERTY_NAMES.has(name) || properties.has(name)) {
      warnings.push({
        code: "custom_property_key_conflict",
        message:
          `metadata key "${key}" becomes custom property "${name}", ` +
          "which is empty, reserved or already used; left out",
      })
      continue
    }
    const value = toPropertyValue(raw)
    if (value === undefined) {
      warnings.push({
        code: "custom_property_unsupported_value",
        message:
          `metadata key "${key}" holds a value Omnisend cannot store ` +
          "(only string, finite number, boolean or list of strings); left out",
      })
      continue
    }
    properties.set(name, value)
  }
  properties.set(MEDUSA_CUSTOMER_ID_PROPERTY, customerId)
  // fromEntries defines own properties, so even a key such as "__proto__" stays plain data.
  return { customProperties: Object.fromEntries(properties), warnings }
}
