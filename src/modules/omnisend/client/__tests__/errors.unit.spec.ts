import {
  isRetryableOmnisendError,
  OmnisendAuthError,
  OmnisendInvalidDataError,
  OmnisendNotFoundError,
  OmnisendRateLimitError,
  OmnisendRequestValidationError,
  OmnisendUnavailableError,
} from "../errors"

describe("Omnisend errors", () => {
  it("say what failed and what to do", () => {
    const invalidKey = new OmnisendAuthError({ status: 401, operation: "creating a contact" })
    const missingKey = new OmnisendAuthError({ reason: "missing_key" })

    expect(invalidKey.message).toBe(
      "Omnisend rejected the API key while creating a contact (HTTP 401). Check the key in Settings -> Omnisend: it must be an active API key of this Omnisend store."
    )
    expect(missingKey.message).toContain("Settings -> Omnisend")
    expect(invalidKey.name).toBe("OmnisendAuthError")
    expect(invalidKey).toBeInstanceOf(Error)
  })

  it("mask personal data from Omnisend's text and fields", () => {
    const error = new OmnisendInvalidDataError({
      status: 400,
      text: "jane@example.com is invalid",
      fields: { "0": ["phone +14155550100 belongs to another contact"] },
    })

    expect(error.fields).toEqual({ "0": ["phone +***00 belongs to another contact"] })
    expect(error.message).toContain("j***@e***.com is invalid; item 0: phone +***00")
    expect(JSON.stringify(error)).not.toMatch(/jane@|4155550100/)
  })

  it("serialise only safe fields", () => {
    const error = new OmnisendRateLimitError({ status: 429, operation: "creating a batch", retryAfterMs: 2_000 })
    error.attempts = 4

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "OmnisendRateLimitError",
      code: "OMNISEND_RATE_LIMITED",
      message: error.message,
      status: 429,
      retryable: true,
      operation: "creating a batch",
      attempts: 4,
      retryAfterMs: 2_000,
    })
  })

  it("keep long validation reports readable", () => {
    const issues = Array.from({ length: 60 }, (_, index) => `items.${index}.gender: Invalid option`)

    const error = new OmnisendRequestValidationError({ operation: "creating a batch", issues })

    expect(error.issues).toHaveLength(51)
    expect(error.issues[50]).toBe("and 10 more")
    expect(error.message).toContain("items.4.gender: Invalid option; and 55 more")
  })

  it("tell retryable failures apart", () => {
    expect(isRetryableOmnisendError(new OmnisendUnavailableError({ reason: "timeout", timeoutMs: 10 }))).toBe(true)
    expect(isRetryableOmnisendError(new OmnisendRateLimitError({ status: 429 }))).toBe(true)
    expect(isRetryableOmnisendError(new OmnisendNotFoundError({ status: 404 }))).toBe(false)
    expect(isRetryableOmnisendError(new OmnisendAuthError({ status: 403 }))).toBe(false)
    expect(isRetryableOmnisendError(new Error("boom"))).toBe(false)
  })
})
