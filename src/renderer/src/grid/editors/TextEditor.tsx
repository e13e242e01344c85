import { useEffect, useRef, useState } from 'react'
import { FloatingMessage } from '../FloatingMessage'
import { bindingFor, editorBindings, type EditorAction } from '../keyBindings'
import type { EditorProps } from './types'

/** Text and email cells: Enter commits, Esc cancels, Tab commits and moves along the row (keyBindings.ts). */
export function TextEditor({ value, onChange, onCommit, onCancel, label, error, seed, type = 'text' }: EditorProps<string> & { type?: 'text' | 'email' }) {
  const seeded = seed !== undefined
  const input = useRef<HTMLInputElement>(null)
  const [anchor, setAnchor] = useState<HTMLDivElement | null>(null)
  useEffect(() => {
    const element = input.current
    if (!element) return
    element.focus()
    // Typing on a cell replaces its value; Enter or F2 keeps it, selected, to edit or overwrite.
    if (seeded) element.setSelectionRange(element.value.length, element.value.length)
    else element.select()
  }, [seeded])
  const errorId = `${label.replace(/\W+/g, '-')}-error`
  return (
    <div ref={setAnchor} className="cell-editor">
      <input
        ref={input}
        className="cell-editor-input"
        // type=email would refuse selection ranges; the field rule checks the address instead.
        type="text"
        inputMode={type === 'email' ? 'email' : 'text'}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        // Clicking elsewhere (another cell, Save) keeps what was typed, if it is valid.
        onBlur={() => onCommit()}
        onKeyDown={(e) => {
          e.stopPropagation()
          const binding = bindingFor(editorBindings, e)
          if (!binding) return
          e.preventDefault()
          const handlers: Record<EditorAction, () => void> = {
            commit: () => onCommit(),
            cancel: onCancel,
            commitRight: () => onCommit(undefined, 'right'),
            commitLeft: () => onCommit(undefined, 'left'),
          }
          handlers[binding.action]()
        }}
      />
      {error && (
        <>
          <div id={errorId} role="alert" className="visually-hidden">
            {error}
          </div>
          <FloatingMessage anchor={anchor}>{error}</FloatingMessage>
        </>
      )}
    </div>
  )
}
