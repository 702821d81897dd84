/** A thin bar in the admin's interactive colour; `value` is 0..1. */
export const ProgressBar = ({ value, label }: { value: number; label: string }) => {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="bg-ui-bg-component shadow-borders-base h-2 w-full overflow-hidden rounded-full"
    >
      <div className="bg-ui-fg-interactive h-full rounded-full transition-[width] duration-500" style={{ width: `${percent}%` }} />
    </div>
  )
}
