import { Hint } from "@medusajs/ui"

/** Under a setting medusa-config.ts decides. */
export const LockedHint = ({ option }: { option: string }) => (
  <Hint>Set by the plugin option {option} in medusa-config.ts: change it there.</Hint>
)
