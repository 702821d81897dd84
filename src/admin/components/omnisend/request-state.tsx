import { Button, Text } from "@medusajs/ui"
import { errorMessage } from "../../lib/error-message"

export const Loading = ({ what }: { what: string }) => (
  <Text size="small" className="text-ui-fg-subtle px-6 py-4" aria-busy="true">
    Loading {what}...
  </Text>
)

/** A failed request, with its reason and a way to try again. */
export const RequestError = ({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-4" role="alert">
    <Text size="small" className="text-ui-fg-error">
      Could not load {what}: {errorMessage(error)}
    </Text>
    {onRetry && (
      <Button size="small" variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    )}
  </div>
)
