/**
 * Masks personal data before it reaches a log line or an error message.
 * Keeps just enough to let a merchant recognise the customer.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@")
  if (at < 1) {
    return "***"
  }
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  const dot = domain.lastIndexOf(".")
  const tld = dot >= 0 ? domain.slice(dot) : ""
  return `${local[0]}***@${domain[0] ?? ""}***${tld}`
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "")
  if (digits.length <= 4) {
    return "***"
  }
  return `${phone.startsWith("+") ? "+" : ""}***${digits.slice(-2)}`
}

const EMAIL_PATTERN = /[^\s"'<>@,;:()[\]]+@[^\s"'<>@,;:()[\]]+\.[A-Za-z]{2,}/g
const PHONE_PATTERN = /\+?\d[\d\s().-]{6,}\d/g

/** Masks every email address and phone-like number found in free text (e.g. an API error message). */
export function maskPiiInText(text: string): string {
  return text
    .replace(EMAIL_PATTERN, (match) => maskEmail(match))
    .replace(PHONE_PATTERN, (match) => maskPhone(match))
}
