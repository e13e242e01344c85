interface Props {
  open: boolean
  disabled: boolean
  onOpen(): void
}

/** Opens the active row as a form (also Enter on its row header); an icon, so the toolbar grows no wider. */
export function RowFormButton({ open, disabled, onOpen }: Props) {
  return (
    <button
      type="button"
      className="button button--icon"
      aria-label="Open row form"
      title="Open the active row as a form (Enter on its row header)"
      aria-pressed={open}
      disabled={disabled}
      onClick={onOpen}
    >
      <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <path d="M14 4v16M17 9h1M17 13h1" />
      </svg>
    </button>
  )
}
