import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { describeInternalError } from "../../lib/describe-internal-error"
import {
  CONTACT_DELETED_IN_OMNISEND,
  CONTACT_DELETED_REASON,
  findIgnoredIdentifiers,
  GUEST_SHARES_CONTACT_REASON,
  planContactSync,
  type ContactSnapshot,
  type ContactSyncPlan,
  type LedgerConsentState,
  type MappedContact,
  type MappingWarning,
} from "../../mapping"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { OmnisendError, OmnisendErrorCode, OmnisendNotFoundError } from "../../modules/omnisend/client"
import type { ContactIdentifier, OmnisendClient } from "../../modules/omnisend/client"
import type { CustomerSyncContext } from "./load-customer-sync-context"

export interface SyncFailure {
  code: string
  message: string
  retryable: boolean
}

/** What happened to one customer; the record step writes it to the ledger. JSON-safe. */
export type ContactSyncOutcome =
  | { state: "disabled" }
  | { state: "customer_missing" }
  | { state: "skipped"; reason: string }
  /** The contact was deleted in Omnisend: nothing sent, the ledger entry stays as it is. */
  | { state: "held"; reason: string }
  | {
      state: "synced"
      sent: "create" | "patch" | "none"
      /** Null only for a contact a batch created, whose id Omnisend has not reported yet. */
      contact_id: string | null
      email: string
      snapshot: ContactSnapshot
      consent: LedgerConsentState
      address_id: string | null
      warnings: MappingWarning[]
      replaces: { contact_id: string; email: string | null } | null
    }
  | { state: "failed"; error: SyncFailure; warnings: MappingWarning[] }

type ContactWriter = Pick<OmnisendClient, "createContact" | "patchContact" | "getContact" | "findContactByEmail">

/**
 * What Omnisend holds after a write: a phone it ignored (another contact owns it) is recorded as
 * not held and its SMS status as not sent, so the next sync tries it again and no later opt-out is
 * believed delivered to a contact that does not hold the number.
 */
function heldByOmnisend(mapped: MappedContact, warnings: MappingWarning[]): Pick<MappedContact, "snapshot" | "consent"> {
  const phoneIgnored = warnings.some((warning) => warning.code === "identifier_conflict" && warning.identifier_type === "phone")
  if (!phoneIgnored) {
    return mapped
  }
  const sms = mapped.consent.sms
  return {
    snapshot: { ...mapped.snapshot, phone: null },
    consent: { ...mapped.consent, sms: sms && { evidence: sms.evidence, evidenceAt: sms.evidenceAt } },
  }
}

function synced(
  sent: "create" | "patch" | "none",
  contactId: string | null,
  mapped: MappedContact,
  extraWarnings: MappingWarning[],
  replaces: { contact_id: string; email: string | null } | null = null
): ContactSyncOutcome {
  const { snapshot, consent } = heldByOmnisend(mapped, extraWarnings)
  return {
    state: "synced",
    sent,
    contact_id: contactId,
    email: mapped.snapshot.email.id,
    snapshot,
    consent,
    address_id: mapped.addressId,
    warnings: [...mapped.warnings, ...extraWarnings],
    replaces,
  }
}

function describeFailure(error: unknown): SyncFailure {
  if (error instanceof OmnisendError) {
    return { code: error.code, message: error.message, retryable: error.retryable }
  }
  // Anything else is a bug or a database failure on our side, described without its data.
  return { code: "OMNISEND_SYNC_ERROR", message: describeInternalError(error, "syncing this customer"), retryable: true }
}

/**
 * PATCH answers no identifiers, so whether Omnisend kept a phone we sent (another contact may own
 * it) is read from the contact itself. Only a phone can be taken: the email is the contact's own.
 * A failed lookup proves nothing, so it reports nothing.
 */
async function findIgnoredPhone(
  client: ContactWriter,
  contactId: string,
  sent: ContactIdentifier[] | undefined
): Promise<MappingWarning[]> {
  const phones = (sent ?? []).filter((identifier) => identifier.type === "phone")
  if (phones.length === 0) {
    return []
  }
  try {
    return findIgnoredIdentifiers(phones, await client.getContact(contactId))
  } catch {
    return []
  }
}

/**
 * A contact a batch created has no id in the ledger (Omnisend names ids only for failed batch
 * items). When nothing else is sent, one look-up by email records it; a failed look-up leaves it
 * unknown for the next sync.
 */
async function lookUpContactId(client: ContactWriter, email: string): Promise<string | null> {
  try {
    return (await client.findContactByEmail(email))?.contactID ?? null
  } catch {
    return null
  }
}

/**
 * Carries out a sync plan against Omnisend. Never throws for Omnisend's answers: a failure becomes
 * an outcome for the ledger, so one bad customer never stalls the event bus or other customers.
 */
export async function sendContactSyncPlan(plan: ContactSyncPlan, client: ContactWriter): Promise<ContactSyncOutcome> {
  switch (plan.action) {
    case "skip":
      return { state: "skipped", reason: plan.reason }
    case "held":
      return { state: "held", reason: plan.reason }
    case "none":
      return synced("none", plan.contactId ?? (await lookUpContactId(client, plan.mapped.snapshot.email.id)), plan.mapped, [])
    case "create":
      try {
        const created = await client.createContact(plan.body)
        return synced("create", created.contactID, plan.mapped, findIgnoredIdentifiers(plan.body.identifiers, created), plan.replaces)
      } catch (error) {
        return { state: "failed", error: describeFailure(error), warnings: plan.mapped.warnings }
      }
    case "patch":
      try {
        const patched = await client.patchContact(plan.contactId, plan.body)
        const conflicts = await findIgnoredPhone(client, patched.contactID, plan.body.identifiers)
        return synced("patch", patched.contactID, plan.mapped, conflicts)
      } catch (error) {
        // Deleted in Omnisend, maybe to honour an erasure request: recorded, never re-created here.
        const failure =
          error instanceof OmnisendNotFoundError
            ? { code: CONTACT_DELETED_IN_OMNISEND, message: CONTACT_DELETED_REASON, retryable: false }
            : describeFailure(error)
        return { state: "failed", error: failure, warnings: plan.mapped.warnings }
      }
  }
}

type PreviousContact = { contact_id: string; email: string | null }

/**
 * After an email change the old contact stays in Omnisend with the old email, still subscribed if
 * it was. A consent change sent to the current contact goes to every previous contact too, so an
 * opt-out reaches each address the customer ever had. A failure is a warning, not a failed sync.
 */
export async function relayEmailStatusToPreviousContacts(
  plan: ContactSyncPlan,
  outcome: ContactSyncOutcome,
  previous: PreviousContact[],
  client: Pick<OmnisendClient, "patchContact">
): Promise<ContactSyncOutcome> {
  const channel =
    plan.action === "patch" ? plan.body.identifiers?.find((identifier) => identifier.type === "email")?.channels.email : undefined
  if (outcome.state !== "synced" || !channel || previous.length === 0) {
    return outcome
  }
  const warnings: MappingWarning[] = []
  for (const contact of previous) {
    if (!contact.email || contact.email === outcome.email) {
      continue
    }
    try {
      const identifiers = [{ type: "email" as const, id: contact.email, channels: { email: channel } }]
      await client.patchContact(contact.contact_id, { identifiers })
    } catch (error) {
      warnings.push({
        code: "previous_contact_not_updated",
        message:
          `The email status could not be sent to the customer's previous Omnisend contact ${contact.contact_id}: ` +
          `${describeFailure(error).message} It is sent again at the next consent change.`,
      })
    }
  }
  return warnings.length > 0 ? { ...outcome, warnings: [...outcome.warnings, ...warnings] } : outcome
}

export const sendContactToOmnisendStep = createStep(
  "send-contact-to-omnisend",
  async (context: CustomerSyncContext, { container }) => {
    const { customer, ledger } = context
    const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
    // Read here, not passed in: step outputs may be stored by the workflow engine, and the
    // settings hold the API key.
    const settings = await omnisend.getSyncSettings()
    if (!settings.enabled) {
      return new StepResponse<ContactSyncOutcome>({ state: "disabled" })
    }
    if (!customer) {
      return new StepResponse<ContactSyncOutcome>({ state: "customer_missing" })
    }
    if (context.registered_owner_id) {
      return new StepResponse<ContactSyncOutcome>({ state: "skipped", reason: GUEST_SHARES_CONTACT_REASON })
    }
    const client = omnisend.getClient(settings.apiKey)!
    const plan = planContactSync(customer, ledger, settings.mapping, new Date())
    const outcome = await relayEmailStatusToPreviousContacts(
      plan,
      await sendContactSyncPlan(plan, client),
      ledger?.previous_contacts ?? [],
      client
    )
    // A rejected key fails every customer alike: pause instead of hammering Omnisend with it.
    if (outcome.state === "failed" && outcome.error.code === OmnisendErrorCode.AUTH_FAILED) {
      await omnisend.pauseSyncForRejectedKey(settings.apiKey!, outcome.error.message)
    }
    return new StepResponse(outcome)
  }
)
