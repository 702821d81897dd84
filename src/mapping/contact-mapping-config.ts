/** Metadata keys that hold marketing consent and the moment it was given. */
export interface ConsentKeys {
  email: string
  emailAt: string
  sms: string
  smsAt: string
}

export const DEFAULT_CONSENT_KEYS: ConsentKeys = {
  email: "email_marketing_consent",
  emailAt: "email_marketing_consent_at",
  sms: "sms_marketing_consent",
  smsAt: "sms_marketing_consent_at",
}

export interface ContactMappingConfig {
  /** Extra tags for every contact; the source tag always comes first. */
  tags: string[]
  /** Metadata keys allowed into customProperties; nothing else in metadata leaves the store. */
  customPropertyKeys: string[]
  consentKeys: ConsentKeys
  /** Metadata key holding a birthdate. */
  birthdateKey?: string
  /** Metadata key holding gender. */
  genderKey?: string
  sendWelcomeMessage: boolean
  /**
   * Send the chosen address's phone when the customer has none of their own: always nonSubscribed,
   * since SMS consent belongs to the customer's own phone. Off by default.
   */
  sendAddressPhone?: boolean
}
