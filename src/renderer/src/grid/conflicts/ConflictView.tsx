import { useState } from 'react'
import type { GridColumn } from '../resource'
import type { Field, ResourceTypes, RowOf } from '../resourceTypes'
import type { StagedUpdate } from '../staging/model'
import { fieldConflicts } from './merge'
import './conflicts.css'

interface Props<T extends ResourceTypes, Lookup> {
  /** The control ids derive from it. */
  id: string
  /** The resource's singular name: "user". */
  noun: string
  columns: readonly GridColumn<T, Lookup>[]
  lookup: Lookup
  update: StagedUpdate<T>
  /** The row as staged: mine. */
  mine: RowOf<T>
  /** The row as saved now by someone else. */
  theirs: RowOf<T>
  /** Keeps my edits to these fields, on their version; takes theirs for the rest. */
  onResolve(keep: readonly Field<T>[]): void
  /** Keeps my edits to the fields nobody else changed. */
  onReload(): void
}

type Pick = 'mine' | 'theirs'

/** A conflicting row, field by field: their value and mine; keep mine, take theirs, or choose per field. */
export function ConflictView<T extends ResourceTypes, Lookup>({ id, noun, columns, lookup, update, mine, theirs, onResolve, onReload }: Props<T, Lookup>) {
  // In the columns' order, whatever order the edits were made in.
  const edited = fieldConflicts(update, theirs)
  const fields = columns.flatMap((column) => edited.filter((conflict) => conflict.field === column.edit?.field))
  const [picks, setPicks] = useState<Partial<Record<string, Pick>>>({})
  const pickOf = (field: string): Pick => picks[field] ?? 'mine'
  const columnOf = (field: string) => columns.find((c) => c.edit?.field === field)
  const textOf = (row: RowOf<T>, field: string) => {
    const column = columnOf(field)
    const text = column ? column.text(row, lookup) : ''
    return text === '' ? '—' : text
  }
  const all = fields.map((f) => f.field)
  return (
    <section className="conflict-view" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="conflict-title">
        Changed by someone else
      </h3>
      <p className="conflict-intro">Another session saved this {noun} after you started editing it. Choose, field by field, which value to keep.</p>
      {fields.map((conflict) => {
        const header = columnOf(conflict.field)?.header ?? conflict.field
        const name = `${id}-${conflict.field}`
        const option = (pick: Pick, label: string, row: RowOf<T>) => (
          <label className={`conflict-option${pickOf(conflict.field) === pick ? ' conflict-option--chosen' : ''}`}>
            <input type="radio" name={name} checked={pickOf(conflict.field) === pick} onChange={() => setPicks({ ...picks, [conflict.field]: pick })} />
            <span className="conflict-who">{label}</span>
            <span className="conflict-value">{textOf(row, conflict.field)}</span>
          </label>
        )
        return (
          <div key={conflict.field} role="radiogroup" aria-label={header} className="conflict-field">
            <div className="conflict-field-name">
              {header}
              {!conflict.theyChanged && <span className="conflict-note"> · only you changed it</span>}
            </div>
            {option('theirs', 'Theirs', theirs)}
            {option('mine', 'Yours', mine)}
          </div>
        )
      })}
      <div className="conflict-actions">
        <button type="button" className="button button--primary button--small" onClick={() => onResolve(all.filter((field) => pickOf(field) === 'mine'))}>
          Use chosen values
        </button>
        <button type="button" className="button button--small" onClick={() => onResolve(all)}>
          Keep mine
        </button>
        <button type="button" className="button button--small" onClick={() => onResolve([])}>
          Take theirs
        </button>
        <button
          type="button"
          className="button button--small"
          title="Their version, with your edits to the fields they did not change"
          onClick={onReload}
        >
          Reload
        </button>
      </div>
    </section>
  )
}
