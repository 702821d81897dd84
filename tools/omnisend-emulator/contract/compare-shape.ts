/**
 * Compares an answer with a contract example on shape only: key sets, JSON types and nulls, never
 * values (the contract's values are made up). Pure, so it is tested on its own and reused by the
 * emulator's contract test and by the plugin's tests.
 */

export interface CompareShapeOptions {
  /**
   * Paths of arrays that may be empty although the contract's example is not (for instance
   * `segments`, when the scenario puts the contact in no segment). By default a non-empty
   * contract array requires a non-empty answer, so an element shape is always checked.
   */
  mayBeEmpty?: (path: string) => boolean
}

type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean" | "undefined" | "other"

function jsonType(value: unknown): JsonType {
  if (value === null) return "null"
  if (Array.isArray(value)) return "array"
  const type = typeof value
  if (type === "object" || type === "string" || type === "number" || type === "boolean" || type === "undefined") {
    return type
  }
  return "other"
}

/** One line per difference, each starting with the path where it was found; [] when the shapes match. */
export function compareShape(contract: unknown, actual: unknown, path: string, options: CompareShapeOptions = {}): string[] {
  const expectedType = jsonType(contract)
  const actualType = jsonType(actual)
  if (expectedType !== actualType) return [`${path}: expected ${expectedType}, got ${actualType}`]
  if (expectedType === "array") return compareArrays(contract as unknown[], actual as unknown[], path, options)
  if (expectedType === "object") {
    return compareObjects(contract as Record<string, unknown>, actual as Record<string, unknown>, path, options)
  }
  return []
}

function compareObjects(
  contract: Record<string, unknown>,
  actual: Record<string, unknown>,
  path: string,
  options: CompareShapeOptions
): string[] {
  const problems: string[] = []
  for (const key of Object.keys(actual)) {
    if (!Object.prototype.hasOwnProperty.call(contract, key)) problems.push(`${path}.${key}: key not in the contract`)
  }
  for (const key of Object.keys(contract)) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) problems.push(`${path}.${key}: missing`)
    else problems.push(...compareShape(contract[key], actual[key], `${path}.${key}`, options))
  }
  return problems
}

// The contract shows one example element; every element of the answer must have its shape.
function compareArrays(contract: unknown[], actual: unknown[], path: string, options: CompareShapeOptions): string[] {
  if (contract.length === 0) {
    return actual.length === 0 ? [] : [`${path}: the contract's array is empty, so its elements' shape is unknown`]
  }
  if (actual.length === 0) {
    return options.mayBeEmpty?.(path) ? [] : [`${path}: empty, the contract's is not`]
  }
  return actual.flatMap((element, index) => compareShape(contract[0], element, `${path}[${index}]`, options))
}
