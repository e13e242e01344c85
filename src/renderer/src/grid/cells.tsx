import type { CellProps } from './resource'
import type { ResourceTypes } from './resourceTypes'

/** A yes/no value as a switch: a click (or Space on the active cell) flips it. */
export function SwitchCell<T extends ResourceTypes>({ text, label, disabled, onToggle }: CellProps<T>) {
  return (
    <button
      type="button"
      role="switch"
      tabIndex={-1}
      className="cell-switch"
      aria-checked={text === 'Yes'}
      aria-label={label}
      disabled={disabled}
      onClick={onToggle}
    >
      <span className="cell-switch-thumb" />
    </button>
  )
}
