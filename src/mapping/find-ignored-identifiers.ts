import { maskEmail, maskPhone } from "../modules/omnisend/client/mask-pii"
import type { ContactIdentifier, ContactResponse } from "../modules/omnisend/client/schemas"
import type { MappingWarning } from "./mapping-warning"

/**
 * Omnisend ignores an identifier that another contact already owns, without failing the request
 * (the guide's note). Comparing what was sent with the contact Omnisend answered makes that
 * visible, so the ledger can say which identifier was dropped and why. Only a whole contact (a
 * create answer, a lookup) lists its identifiers: an answer without them (PATCH's short body, a
 * batch result) is no evidence, and nothing is reported.
 */
export function findIgnoredIdentifiers(
  sent: ContactIdentifier[] | undefined,
  answered: ContactResponse
): MappingWarning[] {
  if (answered.identifiers === undefined) {
    return []
  }
  const kept = new Set<string>()
  for (const identifier of answered.identifiers) {
    kept.add(`${identifier.type}:${identifier.id}`)
  }
  if (answered.email) {
    kept.add(`email:${answered.email}`)
  }
  if (answered.phone) {
    kept.add(`phone:${answered.phone}`)
  }
  return (sent ?? [])
    .filter((identifier) => !kept.has(`${identifier.type}:${identifier.id}`))
    .map((identifier) => {
      const shown = identifier.type === "email" ? maskEmail(identifier.id) : maskPhone(identifier.id)
      return {
        code: "identifier_conflict",
        identifier_type: identifier.type,
        message:
          `Omnisend ignored the ${identifier.type} ${shown}: another Omnisend contact already uses it. ` +
          `Correct it in Medusa, or remove it from the other contact in Omnisend, then sync again.`,
      }
    })
}
