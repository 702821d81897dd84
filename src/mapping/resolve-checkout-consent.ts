import type { CheckoutConsentInput } from "./customer-order-facts"
import { resolveChannelConsent, type ChannelConsentDecision, type ChannelConsentInput } from "./resolve-channel-consent"

/**
 * One channel's consent when a checkout may also have stated it: the latest statement wins, the
 * customer's own (dated as resolveChannelConsent dates it) or the checkout's (dated at the order).
 * The ledger keeps remembering the customer's own evidence, so that a later, unrelated save of the
 * customer never makes its old value look new and override the checkout.
 */
export function resolveConsentWithCheckout(
  input: ChannelConsentInput,
  checkout: CheckoutConsentInput | null
): ChannelConsentDecision {
  const own = resolveChannelConsent(input)
  const checkoutAt = checkout ? new Date(checkout.at) : null
  if (!checkout || !checkoutAt || Number.isNaN(checkoutAt.getTime()) || checkoutAt.getTime() > input.now.getTime()) {
    return own
  }
  if (own.memory.evidence !== null && Date.parse(own.statusDate) >= checkoutAt.getTime()) {
    return own
  }
  const fromCheckout = resolveChannelConsent({ ...input, value: checkout.value, valueAt: checkoutAt.toISOString() })
  return {
    ...fromCheckout,
    memory: { ...fromCheckout.memory, evidence: own.memory.evidence, evidenceAt: own.memory.evidenceAt },
  }
}
