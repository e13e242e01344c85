import type { EditCellProps } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { EditSession } from './EditSession'
import { TextEditor } from './TextEditor'
import type { EditorProps } from './types'

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value))

function EmailEditor(props: EditorProps<string>) {
  return <TextEditor {...props} type="email" />
}

/** Edits a text field in the cell; typing on the cell starts from the key typed. */
export function TextEditCell<T extends ResourceTypes>(props: EditCellProps<T>) {
  return <EditSession {...props} initial={props.seed ?? asText(props.row[props.field])} Editor={TextEditor} />
}

/** An email address: a text field with the email keyboard; the field's rule checks the address. */
export function EmailEditCell<T extends ResourceTypes>(props: EditCellProps<T>) {
  return <EditSession {...props} initial={props.seed ?? asText(props.row[props.field])} Editor={EmailEditor} />
}
