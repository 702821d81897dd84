interface IssueLike {
  path: ReadonlyArray<PropertyKey>
  message: string
}

/**
 * "items.0.identifiers.0.id: Too small: expected string to have >=1 characters" lines.
 * Only paths and zod's messages, which name the expected shape, never the offending value.
 */
export function formatZodIssues(error: { issues: ReadonlyArray<IssueLike> }): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".")
    return `${path || "(body)"}: ${issue.message}`
  })
}
