import { useEffect, useLayoutEffect, useRef } from 'react'

interface Shortcuts {
  save(): void
  undo(): void
  redo(): void
  /** True while a cell editor is open. */
  editing: boolean
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** Ctrl/Cmd+S saves, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes, anywhere on the screen. */
export function useGridShortcuts({ save, undo, redo, editing }: Shortcuts) {
  // The latest render's values: a save pressed inside an editor runs after that editor's value is staged.
  const latest = useRef({ save, editing })
  useLayoutEffect(() => {
    latest.current = { save, editing }
  })

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 's') {
        event.preventDefault()
        if (isTextField(event.target)) (event.target as HTMLElement).blur()
        setTimeout(() => {
          // Still editing means the editor refused its value: it shows why, and nothing is saved.
          if (!latest.current.editing) latest.current.save()
        })
      } else if ((key === 'z' || key === 'y') && !isTextField(event.target)) {
        event.preventDefault()
        if (key === 'y' || event.shiftKey) redo()
        else undo()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [undo, redo])
}
