import { useLayoutEffect, useRef, useState, type ComponentType } from 'react'
import type { EditCellProps } from '../resource'
import type { ResourceTypes, RowOf } from '../resourceTypes'
import type { EditorProps, MoveAfterCommit } from './types'

interface Props<T extends ResourceTypes, Value> extends EditCellProps<T> {
  /** The editor's value when it opens. */
  initial: Value
  Editor: ComponentType<EditorProps<Value>>
  /** What a committed value stages, when the editor's value is not the field's (a picker's choice). */
  toField?: (value: Value) => { value: unknown; display?: Partial<RowOf<T>> }
}

/**
 * Holds one cell's edit in progress and connects its editor (value, onChange, onCommit, onCancel)
 * to the grid: a commit is checked and staged, or refused with a reason the editor shows.
 */
export function EditSession<T extends ResourceTypes, Value>({ initial, Editor, toField, commit, cancel, registerCommit, label, seed, anchor }: Props<T, Value>) {
  const [value, setValue] = useState(initial)
  const [error, setError] = useState<string | undefined>()
  // A ref, not state: the editor's blur can fire in the same event as the Enter that committed it.
  const done = useRef(false)

  const tryCommit = (committed: Value, move?: MoveAfterCommit): boolean => {
    if (done.current) return true
    const staged = toField ? toField(committed) : { value: committed }
    const refusal = commit(staged.value, staged.display, move)
    if (refusal) setError(refusal)
    else done.current = true
    return refusal === null
  }
  const stop = () => {
    if (done.current) return
    done.current = true
    cancel()
  }

  // Re-registered on every render so the grid commits what is shown now (an unchanged value stages nothing).
  useLayoutEffect(() => {
    registerCommit(() => tryCommit(value))
  })
  useLayoutEffect(() => () => registerCommit(null), [registerCommit])

  return (
    <Editor
      value={value}
      onChange={(next) => {
        setValue(next)
        setError(undefined)
      }}
      onCommit={(given, move) => tryCommit(given ?? value, move)}
      onCancel={stop}
      label={label}
      error={error}
      seed={seed}
      anchor={anchor}
    />
  )
}
