import type { PatchSemantics } from "./types"

/**
 * ASSUMPTION (API-NOTES: unknown): whether PATCH /contacts/{id} replaces or appends `tags` and
 * replaces or merges `customProperties`. The emulator can play either, so the plugin's tests can
 * prove it is correct both ways; the default keeps everything, the worst case for a plugin that
 * wants to remove a tag or a property.
 */

export const PATCH_SEMANTICS_ENV = "OMNISEND_EMULATOR_PATCH_SEMANTICS"

export const DEFAULT_PATCH_SEMANTICS: Required<PatchSemantics> = { tags: "append", customProperties: "merge" }

const NAMED_PATCH_SEMANTICS: Record<string, Required<PatchSemantics>> = {
  "append-merge": { tags: "append", customProperties: "merge" },
  "replace-replace": { tags: "replace", customProperties: "replace" },
  "append-replace": { tags: "append", customProperties: "replace" },
  "replace-merge": { tags: "replace", customProperties: "merge" },
}

/** Fills what an option leaves out with the default. */
export function resolvePatchSemantics(semantics: PatchSemantics | undefined): Required<PatchSemantics> {
  return {
    tags: semantics?.tags ?? DEFAULT_PATCH_SEMANTICS.tags,
    customProperties: semantics?.customProperties ?? DEFAULT_PATCH_SEMANTICS.customProperties,
  }
}

/**
 * Reads OMNISEND_EMULATOR_PATCH_SEMANTICS as "<tags>-<customProperties>": "append-merge" (the default
 * when unset or empty), "replace-replace", "append-replace" or "replace-merge".
 */
export function patchSemanticsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<PatchSemantics> {
  const value = env[PATCH_SEMANTICS_ENV]?.trim()
  if (value === undefined || value === "") return { ...DEFAULT_PATCH_SEMANTICS }
  const semantics = Object.prototype.hasOwnProperty.call(NAMED_PATCH_SEMANTICS, value)
    ? NAMED_PATCH_SEMANTICS[value]
    : undefined
  if (!semantics) {
    const known = Object.keys(NAMED_PATCH_SEMANTICS).map((name) => `"${name}"`).join(", ")
    throw new Error(`${PATCH_SEMANTICS_ENV} must be one of ${known} (tags-customProperties), got "${value}"`)
  }
  return { ...semantics }
}
