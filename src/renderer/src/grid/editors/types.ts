import type { ReactNode } from 'react'

/** Where the active cell goes after an edit is committed (Tab moves along the row). */
export type MoveAfterCommit = 'left' | 'right'

/** What every editor takes; editors know nothing about rows, staging or the API's save. */
export interface EditorProps<Value> {
  value: Value
  onChange(value: Value): void
  /** Commit the current value, or the one given (pickers choose and commit in one step). */
  onCommit(value?: Value, move?: MoveAfterCommit): void
  onCancel(): void
  /** Names the editor for assistive technology: "Email of Ann Lee". */
  label: string
  /** Why the last commit was refused; the editor stays open to fix it. */
  error?: string
  /** The key that started the edit (typing on a cell), if one did. */
  seed?: string
  /** The cell's content, which pickers anchor their popover to. */
  anchor: ReactNode
}
