import { loadV3Contract, type V3ContractEntry } from "../../../../../tools/omnisend-emulator/contract/load-v3-contract"
import { findIgnoredIdentifiers } from "../../../../mapping/find-ignored-identifiers"
import { OmnisendV3Adapter } from "../adapters/v3-adapter"
import type { OmnisendHttpRequest } from "../adapters/omnisend-api-adapter"
import {
  OmnisendAuthError,
  OmnisendBlockedError,
  OmnisendInvalidDataError,
  OmnisendRateLimitError,
} from "../errors"
import { errorFromResponse } from "../response-error"

/**
 * Every answer Omnisend's v3 API gives to a call the plugin makes (the recorded contract beside the
 * emulator) must be read by the client: successes through the schema the adapter attaches to the
 * call, failures into the typed error a merchant sees.
 */
const contract = loadV3Contract()
const adapter = new OmnisendV3Adapter()
const NOW = Date.parse("2026-11-30T00:00:00Z")

function parse<T>(request: OmnisendHttpRequest<T>, entry: V3ContractEntry): T {
  expect(entry.status).toBeGreaterThanOrEqual(200)
  expect(entry.status).toBeLessThan(300)
  const result = request.responseSchema.safeParse(entry.body)
  if (!result.success) {
    throw new Error(`the client refuses the contract's answer: ${JSON.stringify(result.error.issues)}`)
  }
  return result.data
}

function typedError(entry: V3ContractEntry, request: OmnisendHttpRequest<unknown>) {
  const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
  return errorFromResponse({
    operation: "a contract call",
    status: entry.status,
    details: adapter.readError({ status: entry.status, headers, body: entry.body }, NOW),
    apiVersion: adapter.version,
    checksKey: request.checksKey,
  })
}

describe("the client reads every answer of Omnisend's v3 contract", () => {
  it("create_contact: the whole contact with null phone, customProperties and consents, and gender ''", () => {
    const contact = parse(adapter.createContact({ identifiers: [] } as never), contract.create_contact)
    expect(contact.contactID).toBe("663cf8de1f539fef85c321f9")
    expect(contact.email).toBe("jane.doe@example.com")
    expect(contact.phone).toBeUndefined()
    expect(contact.identifiers).toEqual([expect.objectContaining({ type: "email", id: "jane.doe@example.com" })])
  })

  it("get_contacts_by_email and get_contact: the same contact object", () => {
    expect(parse(adapter.findContactByEmail("jane.doe@example.com"), contract.get_contacts_by_email)?.contactID).toBe(
      "663cf8de1f539fef85c321f9"
    )
    expect(parse(adapter.getContact("663cf8de1f539fef85c321f9"), contract.get_contact).identifiers).toHaveLength(1)
  })

  it("patch_contact: the short body, whose missing identifiers report no conflict", () => {
    const patched = parse(adapter.patchContact("663cf8de1f539fef85c321f9", {}), contract.patch_contact)
    expect(patched.contactID).toBe("663cf8de1f539fef85c321f9")
    expect(patched.identifiers).toBeUndefined()
    const sentPhone = [{ type: "phone" as const, id: "+37060000000", channels: { sms: { status: "nonSubscribed" as const } } }]
    expect(findIgnoredIdentifiers(sentPhone, patched)).toEqual([])
  })

  it("a create answer that lacks a phone we sent is evidence of a conflict", () => {
    const created = parse(adapter.createContact({ identifiers: [] } as never), contract.create_contact)
    const sentPhone = [{ type: "phone" as const, id: "+37060000000", channels: { sms: { status: "nonSubscribed" as const } } }]
    expect(findIgnoredIdentifiers(sentPhone, created)).toEqual([expect.objectContaining({ code: "identifier_conflict" })])
  })

  it("create_batch and get_batch: the batch id, status and counts", () => {
    expect(parse(adapter.createBatch({} as never), contract.create_batch)).toEqual(
      expect.objectContaining({ batchID: "5b0c188b44c306389ab529e5", totalCount: 2 })
    )
    expect(parse(adapter.getBatch("5b0c188b44c306389ab529e5"), contract.get_batch)).toEqual(
      expect.objectContaining({ status: "finished", totalCount: 2, finishedCount: 2, errorsCount: 1 })
    )
  })

  it("get_batch_items: failed items from `errors` and succeeded ones from `responses`, each with its request", () => {
    const items = parse(adapter.getBatchItems("5b0c188b44c306389ab529e5"), contract.get_batch_items)
    expect(items.map((item) => [item.itemID, item.responseCode])).toEqual([
      ["1", 400],
      ["2", 200],
    ])
    expect(items[1].request).toEqual(expect.objectContaining({ identifiers: [expect.objectContaining({ id: "john.roe@example.com" })] }))
  })

  it("error bodies: 400 invalid data with its fields, 401 a rejected key, 429 with the reset header", () => {
    const invalid = typedError(contract.error_invalid_data, adapter.createContact({} as never))
    expect(invalid).toBeInstanceOf(OmnisendInvalidDataError)
    expect((invalid as OmnisendInvalidDataError).fields).toEqual({ "0": ["identifiers[0].channels: field required but not found in Json"] })
    expect(typedError(contract.error_unauthorized, adapter.createContact({} as never))).toBeInstanceOf(OmnisendAuthError)
    const limited = typedError(contract.error_rate_limited, adapter.createContact({} as never))
    expect(limited).toBeInstanceOf(OmnisendRateLimitError)
    expect((limited as OmnisendRateLimitError).retryAfterMs).toBe(17_000)
  })

  it("403: a passing block (retried, no pause) on a data call; a key without access on the account call", () => {
    const blocked = typedError(contract.error_forbidden, adapter.createContact({} as never))
    expect(blocked).toBeInstanceOf(OmnisendBlockedError)
    expect(blocked.retryable).toBe(true)
    const denied = typedError(contract.error_forbidden, adapter.getAccount())
    expect(denied).toBeInstanceOf(OmnisendAuthError)
    expect(denied.retryable).toBe(false)
  })

  it("covers every entry of the contract", () => {
    const tested = [
      "create_contact",
      "get_contacts_by_email",
      "get_contact",
      "patch_contact",
      "create_batch",
      "get_batch",
      "get_batch_items",
      "error_invalid_data",
      "error_unauthorized",
      "error_forbidden",
      "error_rate_limited",
    ]
    expect(Object.keys(contract).filter((key) => !key.startsWith("_")).sort()).toEqual(tested.sort())
  })
})
