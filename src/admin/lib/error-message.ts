/** The message of a failed request (the API's own message when it sent one). */
export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "Something went wrong. Try again."
}
