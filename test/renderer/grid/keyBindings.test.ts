import { describe, expect, it } from 'vitest'
import {
  bindingFor,
  editorBindings,
  gridBindings,
  keysLabel,
  screenBindings,
  shortcutGroups,
  withShortcut,
  type KeyBinding,
  type KeyPress,
} from '../../../src/renderer/src/grid/keyBindings'

const press = (key: string, held: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...held })
const actionOf = (bindings: readonly KeyBinding[], keyPress: KeyPress) => bindingFor(bindings, keyPress)?.action

describe('the key bindings the handlers and the shortcut list share', () => {
  it('find the screen actions with Ctrl or ⌘, and ? or F1 for the list', () => {
    expect(actionOf(screenBindings, press('s', { ctrlKey: true }))).toBe('save')
    expect(actionOf(screenBindings, press('S', { metaKey: true }))).toBe('save')
    expect(actionOf(screenBindings, press('z', { ctrlKey: true }))).toBe('undo')
    expect(actionOf(screenBindings, press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo')
    expect(actionOf(screenBindings, press('y', { ctrlKey: true }))).toBe('redo')
    // '?' is typed with Shift on most layouts; F1 needs nothing.
    expect(actionOf(screenBindings, press('?', { shiftKey: true }))).toBe('help')
    expect(actionOf(screenBindings, press('F1'))).toBe('help')
    expect(actionOf(screenBindings, press('s'))).toBeUndefined()
    expect(actionOf(screenBindings, press('s', { ctrlKey: true, altKey: true }))).toBeUndefined()
  })

  it('tell moves, jumps, Tab, editing and typing apart on the grid', () => {
    expect(actionOf(gridBindings, press('ArrowDown'))).toBe('down')
    // Shift extends a move's selection: still the same move.
    expect(actionOf(gridBindings, press('ArrowDown', { shiftKey: true }))).toBe('down')
    expect(actionOf(gridBindings, press('ArrowDown', { ctrlKey: true }))).toBe('lastRow')
    expect(actionOf(gridBindings, press('ArrowLeft', { metaKey: true }))).toBe('rowStart')
    expect(actionOf(gridBindings, press('Home'))).toBe('rowStart')
    expect(actionOf(gridBindings, press('End', { ctrlKey: true }))).toBe('lastCell')
    expect(actionOf(gridBindings, press('Tab'))).toBe('next')
    expect(actionOf(gridBindings, press('Tab', { shiftKey: true }))).toBe('previous')
    expect(actionOf(gridBindings, press('F2'))).toBe('edit')
    expect(actionOf(gridBindings, press(' '))).toBe('flip')
    expect(actionOf(gridBindings, press('a'))).toBe('type')
    expect(actionOf(gridBindings, press('A', { shiftKey: true }))).toBe('type')
    expect(actionOf(gridBindings, press('c', { ctrlKey: true }))).toBe('copy')
    expect(actionOf(gridBindings, press('a', { altKey: true }))).toBeUndefined()
    expect(actionOf(gridBindings, press('Shift', { shiftKey: true }))).toBeUndefined()
    expect(actionOf(editorBindings, press('Tab', { shiftKey: true }))).toBe('commitLeft')
  })

  it('are listed once each, with the labels people read', () => {
    for (const { bindings } of shortcutGroups) {
      const actions = bindings.map((b) => b.action)
      expect(new Set(actions).size).toBe(actions.length)
    }
    expect(keysLabel({ key: 'z', mod: true, shift: true })).toBe('Ctrl+Shift+Z')
    expect(keysLabel({ key: 'ArrowUp', mod: true })).toBe('Ctrl+↑')
    expect(withShortcut('Redo', 'redo')).toEqual({ title: 'Redo (Ctrl+Shift+Z or Ctrl+Y)', 'aria-keyshortcuts': 'Control+Shift+Z Control+Y' })
  })
})
