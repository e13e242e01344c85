/**
 * Every keyboard shortcut of a grid screen, written once as data: the handlers (useGridShortcuts,
 * useGridNavigation, TextEditor) find their action here, and the shortcut list (`?`, F1) and the
 * toolbar's tooltips are drawn from the same entries. A shortcut added here without a handler
 * does not compile (each handler maps every action of its group).
 */

/** A key with exactly these modifiers; `mod` is Ctrl, or ⌘ on a Mac (either is taken everywhere). */
export interface Keys {
  /** KeyboardEvent.key: 'ArrowUp', 'Enter', 's' (letters in lower case), '?', or ANY_CHARACTER. */
  key: string
  mod?: boolean
  shift?: boolean
}

/** Stands for every key that types one character (no Ctrl, ⌘ or Alt): typing on a cell edits it. */
export const ANY_CHARACTER = 'any character'

export interface KeyBinding<Action extends string = string> {
  action: Action
  /** Every combination that does it; the first is the one tooltips name. */
  keys: readonly Keys[]
  /** What it does, as the shortcut list says it. */
  does: string
  /** A move: held with Shift, it extends the selected range instead. */
  shiftExtends?: boolean
  /**
   * The browser turns these keys into its own event (copy), which the grid handles there
   * (onCopy); keydown handlers leave them alone. Listed so the shortcut list names them.
   */
  browserEvent?: boolean
}

const move = <const A extends string>(action: A, does: string, ...keys: Keys[]) => ({ action, keys, does, shiftExtends: true }) as const

/** Anywhere on the screen: Save also from an editor or text field, the others only outside text fields (where the keys type). */
export const screenBindings = [
  { action: 'save', keys: [{ key: 's', mod: true }], does: 'Save every staged change' },
  { action: 'undo', keys: [{ key: 'z', mod: true }], does: 'Undo the last change' },
  { action: 'redo', keys: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }], does: 'Redo' },
  { action: 'help', keys: [{ key: '?' }, { key: 'F1' }], does: 'Show this list of shortcuts' },
] as const satisfies readonly KeyBinding[]

/** On the grid, while no cell is being edited. */
export const gridBindings = [
  move('up', 'Move up a row', { key: 'ArrowUp' }),
  move('down', 'Move down a row', { key: 'ArrowDown' }),
  move('left', 'Move to the cell on the left', { key: 'ArrowLeft' }),
  move('right', 'Move to the cell on the right', { key: 'ArrowRight' }),
  move('firstRow', 'Move to the first row', { key: 'ArrowUp', mod: true }),
  move('lastRow', 'Move to the last row', { key: 'ArrowDown', mod: true }),
  move('rowStart', 'Move to the first cell of the row', { key: 'Home' }, { key: 'ArrowLeft', mod: true }),
  move('rowEnd', 'Move to the last cell of the row', { key: 'End' }, { key: 'ArrowRight', mod: true }),
  move('firstCell', 'Move to the first cell of the table', { key: 'Home', mod: true }),
  move('lastCell', 'Move to the last cell of the table', { key: 'End', mod: true }),
  move('pageUp', 'Move up a screenful', { key: 'PageUp' }),
  move('pageDown', 'Move down a screenful', { key: 'PageDown' }),
  { action: 'next', keys: [{ key: 'Tab' }], does: 'Next cell (past the last one, leave the grid)' },
  { action: 'previous', keys: [{ key: 'Tab', shift: true }], does: 'Previous cell' },
  { action: 'edit', keys: [{ key: 'Enter' }, { key: 'F2' }], does: 'Edit the cell, or flip a Yes/No cell; on a row header (← from the first cell), open the row as a form' },
  { action: 'flip', keys: [{ key: ' ' }], does: 'Flip a Yes/No cell (other cells: start typing)' },
  { action: 'type', keys: [{ key: ANY_CHARACTER }], does: 'Start editing the cell with what is typed' },
  { action: 'collapse', keys: [{ key: 'Escape' }], does: 'Keep only the active cell selected' },
  { action: 'copy', keys: [{ key: 'c', mod: true }], does: 'Copy the selected cells (tab-separated)', browserEvent: true },
  {
    action: 'paste',
    keys: [{ key: 'v', mod: true }],
    does: 'Paste tab-separated text (from a spreadsheet) into the selected cells, or fill them with one value',
    browserEvent: true,
  },
  { action: 'fillDown', keys: [{ key: 'd', mod: true }], does: 'Fill down: the top cell of the selection into the cells below it' },
  { action: 'clear', keys: [{ key: 'Delete' }, { key: 'Backspace' }], does: 'Empty the selected cells that can be empty (an agency)' },
] as const satisfies readonly KeyBinding[]

/** In a cell's text editor (pickers take Enter and Esc the same way). */
export const editorBindings = [
  { action: 'commit', keys: [{ key: 'Enter' }], does: 'Keep the value' },
  { action: 'cancel', keys: [{ key: 'Escape' }], does: 'Cancel the edit' },
  { action: 'commitRight', keys: [{ key: 'Tab' }], does: 'Keep the value and move right' },
  { action: 'commitLeft', keys: [{ key: 'Tab', shift: true }], does: 'Keep the value and move left' },
] as const satisfies readonly KeyBinding[]

export type ScreenAction = (typeof screenBindings)[number]['action']
type GridBinding = (typeof gridBindings)[number]
type GridKeyBinding = Exclude<GridBinding, { browserEvent: true }>
/** What the grid's keydown handler does itself; the other grid shortcuts arrive as the browser's events. */
export type GridKeyAction = GridKeyBinding['action']
export const isKeyHandled = (binding: GridBinding): binding is GridKeyBinding => !('browserEvent' in binding)
export type EditorAction = (typeof editorBindings)[number]['action']

/** The groups of the shortcut list, in its order. */
export const shortcutGroups: readonly { title: string; bindings: readonly KeyBinding[]; note?: string }[] = [
  { title: 'Anywhere on the screen', bindings: screenBindings },
  { title: 'In the grid', bindings: gridBindings, note: 'Hold Shift with a move to extend the selection.' },
  { title: 'While editing a cell', bindings: editorBindings },
]

/** The part of a key event a binding is matched against (React's and the DOM's events both fit). */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

const isLetter = (key: string) => /^[a-z]$/i.test(key)

function matches(keys: Keys, press: KeyPress, shiftExtends: boolean): boolean {
  if (press.altKey || Boolean(keys.mod) !== (press.ctrlKey || press.metaKey)) return false
  if (keys.key === ANY_CHARACTER) return press.key.length === 1
  const character = keys.key.length === 1
  if (character ? press.key.toLowerCase() !== keys.key : press.key !== keys.key) return false
  // A symbol's own key says whether Shift was held ('?' is Shift+/ on many layouts); a move with Shift extends.
  if ((character && !isLetter(keys.key)) || shiftExtends) return true
  return Boolean(keys.shift) === press.shiftKey
}

/** The first binding of the group that the key press makes (its entries are tried in order). */
export function bindingFor<B extends KeyBinding>(bindings: readonly B[], press: KeyPress): B | undefined {
  return bindings.find((binding) => binding.keys.some((keys) => matches(keys, press, binding.shiftExtends ?? false)))
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)

const keyNames: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
  Escape: 'Esc',
  ' ': 'Space',
  [ANY_CHARACTER]: 'Any character',
}

/** How people read a combination: "Ctrl+Shift+Z", "⌘⇧Z" on a Mac, "Page Up". */
export function keysLabel(keys: Keys): string {
  const name = keyNames[keys.key] ?? (isLetter(keys.key) ? keys.key.toUpperCase() : keys.key)
  if (isMac) return `${keys.mod ? '⌘' : ''}${keys.shift ? '⇧' : ''}${name}`
  return [keys.mod && 'Ctrl', keys.shift && 'Shift', name].filter(Boolean).join('+')
}

/** The same combinations for `aria-keyshortcuts` ("Control+S Control+Y"). */
export function ariaKeyShortcuts(binding: KeyBinding): string {
  return binding.keys
    .map((keys) => [keys.mod && (isMac ? 'Meta' : 'Control'), keys.shift && 'Shift', isLetter(keys.key) ? keys.key.toUpperCase() : keys.key].filter(Boolean).join('+'))
    .join(' ')
}

function bindingOf<B extends KeyBinding>(bindings: readonly B[], action: B['action']): B {
  const binding = bindings.find((b) => b.action === action)
  // The action's type is read from the same list: only a broken build gets here.
  if (!binding) throw new Error(`No key binding for ${action}`)
  return binding
}

/** A tooltip naming a screen action's shortcuts: "Redo (Ctrl+Shift+Z or Ctrl+Y)". */
export function withShortcut(text: string, action: ScreenAction): { title: string; 'aria-keyshortcuts': string } {
  const { hint, keys } = shortcutHint(action)
  return { title: `${text} (${hint})`, 'aria-keyshortcuts': keys }
}

/** A screen shortcut as a menu item names it: its keys as shown ("? or F1") and for aria-keyshortcuts. */
export function shortcutHint(action: ScreenAction): { hint: string; keys: string } {
  const binding = bindingOf<KeyBinding<ScreenAction>>(screenBindings, action)
  return { hint: binding.keys.map(keysLabel).join(' or '), keys: ariaKeyShortcuts(binding) }
}
