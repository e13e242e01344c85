import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { bindingFor, screenBindings } from '../keyBindings'
import type { ColumnEdit, GridColumn } from '../resource'
import type { Field, ResourceTypes, RowOf } from '../resourceTypes'

/** What every field of the row form gets from the panel. */
export interface FieldProps<T extends ResourceTypes, Lookup> {
  /** The control's id; its label, error and value ids derive from it. */
  id: string
  column: GridColumn<T, Lookup>
  /** The row as the grid shows it: read values with staged edits on top. */
  row: RowOf<T>
  lookup: Lookup
  /** The row's name, for the editors' labels ("Agency of Ann Lee"). */
  title: string
  disabled: boolean
  /** The field has a staged edit (marked as its cell is). */
  changed: boolean
  /** A refused save's message about this cell. */
  savedError?: string
  /** Checks a value with the field's rule and stages it as one change; returns why it was refused, or null. */
  stage(row: RowOf<T>, field: Field<T>, value: unknown, display?: Partial<RowOf<T>>): string | null
  undo(): void
  redo(): void
  /** Lets Ctrl/Cmd+S commit what is typed in the focused field first (false: refused). */
  registerCommit(commitNow: (() => boolean) | null): void
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value))

/** A label, the control, and the field's error under it (read with the control). */
function FieldFrame({ id, label, required, changed, error, children }: { id: string; label: string; required?: boolean; changed: boolean; error?: string; children: ReactNode }) {
  return (
    <div className={`row-form-field${changed ? ' row-form-field--changed' : ''}${error ? ' row-form-field--invalid' : ''}`}>
      <label id={`${id}-label`} htmlFor={id} className="row-form-label">
        {label}
        {required && (
          <span className="row-form-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} className="row-form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

const errorProps = (id: string, error: string | undefined) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : undefined,
})

/** Text typed in the form is staged on Enter or on leaving the field, checked by the field's rule. */
function TextField<T extends ResourceTypes, Lookup>(props: FieldProps<T, Lookup> & { field: Field<T>; type: 'text' | 'email' }) {
  const { id, column, row, field, type, disabled, savedError, stage, undo, redo, registerCommit } = props
  // What is typed and not yet staged; null shows the staged value (an undo shows at once).
  const [draft, setDraft] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<string>()
  const [focused, setFocused] = useState(false)
  const commit = (): boolean => {
    if (draft === null) return true
    const refused = stage(row, field, draft)
    setRefusal(refused ?? undefined)
    if (refused === null) setDraft(null)
    return refused === null
  }
  // Re-registered on every render while focused, so a save commits what is shown now.
  useLayoutEffect(() => {
    if (focused) registerCommit(commit)
  })
  const error = refusal ?? savedError
  return (
    <FieldFrame id={id} label={column.header} required={column.required} changed={props.changed} error={error}>
      <input
        id={id}
        className="text-input row-form-input"
        type="text"
        inputMode={type === 'email' ? 'email' : 'text'}
        spellCheck={false}
        disabled={disabled}
        value={draft ?? asText(row[field])}
        {...errorProps(id, error)}
        onChange={(e) => {
          setDraft(e.target.value)
          setRefusal(undefined)
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false)
          registerCommit(null)
          commit()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            commit()
            return
          }
          // Nothing typed: Ctrl+Z and Ctrl+Y are the grid's undo and redo, as anywhere on the screen.
          const action = draft === null ? bindingFor(screenBindings, e)?.action : undefined
          if (action !== 'undo' && action !== 'redo') return
          e.preventDefault()
          if (action === 'undo') undo()
          else redo()
        }}
      />
    </FieldFrame>
  )
}

/** A yes/no field: a switch, staged as it is flipped. */
function SwitchField<T extends ResourceTypes, Lookup>(props: FieldProps<T, Lookup> & { edit: Extract<ColumnEdit<T, Lookup>, { toggle: unknown }> }) {
  const { id, column, row, edit, disabled, savedError, stage } = props
  return (
    <FieldFrame id={id} label={column.header} changed={props.changed} error={savedError}>
      <span className="row-form-switch">
        <input
          id={id}
          type="checkbox"
          role="switch"
          disabled={disabled}
          checked={Boolean(row[edit.field])}
          {...errorProps(id, savedError)}
          onChange={() => stage(row, edit.field, edit.toggle(row))}
        />
        <span aria-hidden="true">{column.text(row, props.lookup)}</span>
      </span>
    </FieldFrame>
  )
}

/** A field the grid edits with a picker (agency, roles): the same editor opens under the field's button. */
function PickerField<T extends ResourceTypes, Lookup>(props: FieldProps<T, Lookup> & { edit: Extract<ColumnEdit<T, Lookup>, { EditCell: unknown }> }) {
  const { id, column, row, edit, title, disabled, savedError, stage, lookup, registerCommit } = props
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  // Back on the button once the picker closes, as a cell gets the focus back after its editor.
  const reopened = useRef(false)
  useEffect(() => {
    if (!open && reopened.current) button.current?.focus()
    reopened.current = open
  }, [open])
  const text = column.text(row, lookup)
  const label = `${column.header} of ${title}`
  const content = column.Cell ? (
    <column.Cell row={row} text={text} label={label} disabled={disabled} onToggle={() => {}} />
  ) : (
    <span className="cell-content">{text === '' ? '—' : text}</span>
  )
  const trigger = (
    <button
      ref={button}
      id={id}
      type="button"
      className="text-input row-form-picker"
      disabled={disabled}
      aria-haspopup="dialog"
      aria-expanded={open}
      aria-labelledby={`${id}-label ${id}`}
      {...errorProps(id, savedError)}
      onClick={() => setOpen(true)}
    >
      {content}
      <span className="row-form-picker-caret" aria-hidden="true">
        ▾
      </span>
    </button>
  )
  return (
    <FieldFrame id={id} label={column.header} required={column.required} changed={props.changed} error={savedError}>
      {open ? (
        <edit.EditCell
          row={row}
          field={edit.field}
          label={label}
          anchor={trigger}
          commit={(value, display) => {
            const refused = stage(row, edit.field, value, display)
            if (refused === null) setOpen(false)
            return refused
          }}
          cancel={() => setOpen(false)}
          // Ctrl/Cmd+S commits the open picker's choice first (its roles ticked so far), as in a grid cell.
          registerCommit={registerCommit}
        />
      ) : (
        trigger
      )}
    </FieldFrame>
  )
}

/** A value the form shows but never edits (timestamps, counts). */
function ReadOnlyField<T extends ResourceTypes, Lookup>({ id, column, row, lookup }: FieldProps<T, Lookup>) {
  const text = column.text(row, lookup)
  return (
    <div className="row-form-field row-form-field--readonly">
      <span id={`${id}-label`} className="row-form-label">
        {column.header}
      </span>
      <span className="row-form-readonly" aria-labelledby={`${id}-label`} role="note">
        {text === '' ? '—' : text}
      </span>
    </div>
  )
}

/** One column of the resource as a form field, edited the way its grid cell is. */
export function FormField<T extends ResourceTypes, Lookup>(props: FieldProps<T, Lookup>) {
  const edit = props.column.edit
  if (!edit) return <ReadOnlyField {...props} />
  if ('toggle' in edit) return <SwitchField {...props} edit={edit} />
  if (edit.textInput) return <TextField {...props} field={edit.field} type={edit.textInput} />
  return <PickerField {...props} edit={edit} />
}
