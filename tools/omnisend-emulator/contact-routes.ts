import { patchContact } from "./apply-contact-changes"
import { contactAnswer, patchAnswer } from "./contact-answers"
import type { ContactStore } from "./contact-store"
import { invalidDataResponse } from "./error-bodies"
import { errorResponse, type EmulatorResponse, type RouteHandler, type RouteRequest } from "./http-types"
import { postContact } from "./post-contact"
import type { ChannelStatus, PatchSemantics } from "./types"
import { validateContact } from "./validate-contact"

// REFERENCE: the contact list answers up to 250 per call.
const DEFAULT_PAGE_SIZE = 100
const MAX_PAGE_SIZE = 250
const STATUSES: readonly string[] = ["subscribed", "unsubscribed", "nonSubscribed"]

// ASSUMPTION: the text of a 404 (the reference gives only the code).
const contactNotFound = (): EmulatorResponse => errorResponse(404, "Contact not found")

export interface ContactRoutes {
  create: RouteHandler
  list: RouteHandler
  getById: RouteHandler
  patchById: RouteHandler
}

/** The v3 /contacts endpoints over a ContactStore; patchSemantics is read on every PATCH. */
export function createContactRoutes(
  store: ContactStore,
  patchSemantics: () => Required<PatchSemantics>
): ContactRoutes {
  const byEmail = (email: string): EmulatorResponse => {
    const contact = store.findByEmail(email)
    const contacts = contact ? [contactAnswer(contact)] : []
    // CONTRACT: get_contacts_by_email: the matches and a paging block with nothing before or after.
    return { status: 200, body: { contacts, paging: { previous: null, next: null, offset: 0, limit: DEFAULT_PAGE_SIZE } } }
  }

  // REFERENCE: the list filtered by email status, followed through paging.next.
  // ASSUMPTION: paging.next is a full URL carrying an `after` cursor; offset stays 0.
  const page = ({ query, origin }: RouteRequest): EmulatorResponse => {
    const limitParam = query.get("limit")
    const limit = limitParam === null ? DEFAULT_PAGE_SIZE : Number(limitParam)
    if (!Number.isInteger(limit) || limit < 1) return invalidDataResponse(["limit: must be a positive integer"])
    const status = query.get("status")
    if (status !== null && !STATUSES.includes(status)) {
      return invalidDataResponse([`status: must be one of ${STATUSES.join(", ")}`])
    }
    const pageSize = Math.min(limit, MAX_PAGE_SIZE)
    const found = store.page({
      limit: pageSize,
      after: query.get("after") ?? undefined,
      status: (status ?? undefined) as ChannelStatus | undefined,
    })
    if (!found) return invalidDataResponse(["after: must be the contactID of a known contact"])
    let next: string | null = null
    if (found.hasMore) {
      const last = found.contacts[found.contacts.length - 1]
      const nextQuery = new URLSearchParams({ limit: String(pageSize), after: last.contactID })
      if (status !== null) nextQuery.set("status", status)
      next = `${origin}/v3/contacts?${nextQuery}`
    }
    const paging = { previous: null, next, offset: 0, limit: pageSize }
    return { status: 200, body: { contacts: found.contacts.map(contactAnswer), paging } }
  }

  return {
    // CONTRACT: create_contact: 200 and the whole contact, for a new email and an existing one alike.
    create: ({ body }) => {
      const outcome = postContact(store, body, new Date().toISOString())
      return outcome.ok ? { status: 200, body: contactAnswer(outcome.contact) } : outcome.response
    },
    list: (request) => {
      const email = request.query.get("email")
      return email === null ? page(request) : byEmail(email)
    },
    // CONTRACT: get_contact: the same whole contact.
    getById: ({ params }) => {
      const contact = store.findById(params[0])
      return contact ? { status: 200, body: contactAnswer(contact) } : contactNotFound()
    },
    // CONTRACT: patch_contact: the short answer.
    patchById: ({ params, body }) => {
      const contact = store.findById(params[0])
      if (!contact) return contactNotFound()
      const validation = validateContact(body, "patch")
      if (!validation.ok) return invalidDataResponse(validation.messages)
      const patched = patchContact(store, contact, validation.input, new Date().toISOString(), patchSemantics())
      return { status: 200, body: patchAnswer(patched) }
    },
  }
}
