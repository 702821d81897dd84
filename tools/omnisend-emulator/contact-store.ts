import type { ChannelStatus, ConsentAuditEvent, EmulatedContact, IdentifierType } from "./types"

export interface ContactPageQuery {
  limit: number
  after?: string
  status?: ChannelStatus
}

export interface ContactPage {
  contacts: EmulatedContact[]
  hasMore: boolean
}

/**
 * In-memory contacts with an index per lookup Omnisend offers (id, exact email, phone), so each
 * request costs the same with a million contacts as with ten. REFERENCE: emails are case-sensitive
 * identifiers, and v3 has no contact DELETE, so contacts are never removed and an insertion-order
 * array doubles as the cursor space for pagination (ASSUMPTION: the list's order).
 */
export class ContactStore {
  private readonly ordered: EmulatedContact[] = []
  private readonly positionById = new Map<string, number>()
  private readonly byEmail = new Map<string, EmulatedContact>()
  private readonly byPhone = new Map<string, EmulatedContact>()
  /** Emulator-only: see EmulatorState.consentAudit. */
  readonly consentAudit: ConsentAuditEvent[] = []

  add(contact: EmulatedContact): void {
    this.positionById.set(contact.contactID, this.ordered.length)
    this.ordered.push(contact)
  }

  findById(id: string): EmulatedContact | undefined {
    const position = this.positionById.get(id)
    return position === undefined ? undefined : this.ordered[position]
  }

  findByEmail(email: string): EmulatedContact | undefined {
    return this.byEmail.get(email)
  }

  findByIdentifier(type: IdentifierType, id: string): EmulatedContact | undefined {
    return type === "email" ? this.byEmail.get(id) : this.byPhone.get(id)
  }

  /** Keeps the email / phone indexes in step when a contact gains or swaps an identifier. */
  assignIdentifier(contact: EmulatedContact, type: IdentifierType, id: string): void {
    const index = type === "email" ? this.byEmail : this.byPhone
    const previous = contact[type]
    if (previous !== undefined && index.get(previous) === contact) index.delete(previous)
    index.set(id, contact)
    contact[type] = id
  }

  all(): EmulatedContact[] {
    return this.ordered
  }

  /** Walks forward from the cursor only, so cost follows the page size, not the store size. */
  page(query: ContactPageQuery): ContactPage | undefined {
    let start = 0
    if (query.after !== undefined) {
      const position = this.positionById.get(query.after)
      if (position === undefined) return undefined
      start = position + 1
    }
    const contacts: EmulatedContact[] = []
    for (let position = start; position < this.ordered.length; position++) {
      const contact = this.ordered[position]
      if (query.status !== undefined && emailStatus(contact) !== query.status) continue
      if (contacts.length === query.limit) return { contacts, hasMore: true }
      contacts.push(contact)
    }
    return { contacts, hasMore: false }
  }

  clear(): void {
    this.ordered.length = 0
    this.positionById.clear()
    this.byEmail.clear()
    this.byPhone.clear()
    this.consentAudit.length = 0
  }
}

function emailStatus(contact: EmulatedContact): ChannelStatus | undefined {
  return contact.identifiers.find((identifier) => identifier.type === "email")?.channels.email?.status
}
