import { readFileSync } from "node:fs"
import { join } from "node:path"

/**
 * What Omnisend's v3 API really answers, one entry per call the plugin makes (see the file's
 * `_about`). The JSON is a verbatim copy kept in the repository, so a user's clone can run the
 * contract tests; the plugin's own unit tests load it from here too.
 */

/** Absolute, so tests anywhere in the repository can read the same file. */
export const V3_CONTRACT_PATH = join(__dirname, "v3-answers.json")

export interface V3ContractEntry {
  _source: string
  request?: { method: string; path: string }
  status: number
  headers?: Record<string, string>
  body: unknown
}

export interface V3Contract {
  _about: string
  create_contact: V3ContractEntry
  get_contacts_by_email: V3ContractEntry
  get_contact: V3ContractEntry
  patch_contact: V3ContractEntry
  create_batch: V3ContractEntry
  get_batch: V3ContractEntry
  get_batch_items: V3ContractEntry
  error_invalid_data: V3ContractEntry
  error_unauthorized: V3ContractEntry
  error_forbidden: V3ContractEntry
  error_rate_limited: V3ContractEntry
}

export type V3ContractEntryName = Exclude<keyof V3Contract, "_about">

/** A fresh parse on every call, so no caller can change what the next one reads. */
export function loadV3Contract(): V3Contract {
  return JSON.parse(readFileSync(V3_CONTRACT_PATH, "utf8")) as V3Contract
}
