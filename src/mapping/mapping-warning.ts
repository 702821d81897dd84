/**
 * Something left out of a contact while mapping. Messages never carry raw personal data, so they
 * can be logged and shown in the admin as they are.
 */
export interface MappingWarning {
  code: string
  message: string
  /** For identifier_conflict: which identifier Omnisend ignored. */
  identifier_type?: "email" | "phone"
}
