import { patchContact } from "./apply-contact-changes"
import type { ContactStore } from "./contact-store"
import { contactResponse } from "./contact-views"
import { errorResponse, type EmulatorResponse, type RouteHandler, type RouteRequest } from "./http-types"
import { INVALID_CONTACT_ERROR, postContact } from "./post-contact"
import type { ChannelStatus, EmulatedContact } from "./types"
import { validateContact } from "./validate-contact"

const DEFAULT_PAGE_SIZE = 100
const MAX_PAGE_SIZE = 250
const STATUSES: readonly string[] = ["subscribed", "unsubscribed", "nonSubscribed"]

const contactNotFound = (): EmulatorResponse => errorResponse(404, "Contact not found")

export interface ContactRoutes {
  create: RouteHandler
  list: RouteHandler
  getById: RouteHandler
  patchById: RouteHandler
  patchByEmail: RouteHandler
}

/** The v3 /contacts endpoints over a ContactStore. */
export function createContactRoutes(store: ContactStore): ContactRoutes {
  const patch = (contact: EmulatedContact | undefined, body: unknown): EmulatorResponse => {
    if (!contact) return contactNotFound()
    const validation = validateContact(body, "patch")
    if (!validation.ok) return errorResponse(400, INVALID_CONTACT_ERROR, { "0": validation.messages })
    const patched = patchContact(store, contact, validation.input, new Date().toISOString())
    return { status: 200, body: contactResponse(patched) }
  }

  const list = ({ query, origin }: RouteRequest): EmulatorResponse => {
    const email = query.get("email")
    if (email !== null) {
      const contact = store.findByEmail(email)
      const contacts = contact ? [contactResponse(contact)] : []
      return { status: 200, body: { contacts, paging: { previous: null, next: null, offset: 0, limit: 1 } } }
    }
    const limitParam = query.get("limit")
    const limit = limitParam === null ? DEFAULT_PAGE_SIZE : Number(limitParam)
    if (!Number.isInteger(limit) || limit < 1) return errorResponse(400, "limit must be a positive integer")
    const status = query.get("status")
    if (status !== null && !STATUSES.includes(status)) {
      return errorResponse(400, `status must be one of ${STATUSES.join(", ")}`)
    }
    const pageSize = Math.min(limit, MAX_PAGE_SIZE)
    const page = store.page({
      limit: pageSize,
      after: query.get("after") ?? undefined,
      status: (status ?? undefined) as ChannelStatus | undefined,
    })
    if (!page) return errorResponse(400, "after must be the contactID of a known contact")
    let next: string | null = null
    if (page.hasMore) {
      const last = page.contacts[page.contacts.length - 1]
      const nextQuery = new URLSearchParams({ limit: String(pageSize), after: last.contactID })
      if (status !== null) nextQuery.set("status", status)
      next = `${origin}/v3/contacts?${nextQuery}`
    }
    const paging = { previous: null, next, offset: 0, limit: pageSize }
    return { status: 200, body: { contacts: page.contacts.map(contactResponse), paging } }
  }

  return {
    create: ({ body }) => {
      const outcome = postContact(store, body, new Date().toISOString())
      return outcome.ok ? { status: 200, body: contactResponse(outcome.contact) } : outcome.response
    },
    list,
    getById: ({ params }) => {
      const contact = store.findById(params[0])
      return contact ? { status: 200, body: contactResponse(contact) } : contactNotFound()
    },
    patchById: ({ params, body }) => patch(store.findById(params[0]), body),
    patchByEmail: ({ query, body }) => {
      const email = query.get("email")
      if (email === null) {
        return errorResponse(400, "PATCH /contacts needs an email query parameter or a contactID in the path")
      }
      return patch(store.findByEmail(email), body)
    },
  }
}
