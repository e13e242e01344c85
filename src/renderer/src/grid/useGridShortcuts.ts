import { useEffect, useLayoutEffect, useRef, useState } from 'react'

interface Shortcuts {
  save(): void
  undo(): void
  redo(): void
  /** Commits the open cell editor, if any; false when it refused its value (it then shows why). */
  commitEditor(): boolean
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** Ctrl/Cmd+S saves, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes, anywhere on the screen. */
export function useGridShortcuts({ save, undo, redo, commitEditor }: Shortcuts) {
  const latest = useRef({ save, undo, redo, commitEditor })
  useLayoutEffect(() => {
    latest.current = { save, undo, redo, commitEditor }
  })
  // A save asked for in the same keypress as an editor's commit runs once that commit is rendered.
  const [saveRequest, setSaveRequest] = useState(0)
  useEffect(() => {
    if (saveRequest > 0) latest.current.save()
  }, [saveRequest])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 's') {
        event.preventDefault()
        event.stopPropagation()
        if (latest.current.commitEditor()) setSaveRequest((n) => n + 1)
      } else if ((key === 'z' || key === 'y') && !isTextField(event.target)) {
        event.preventDefault()
        if (key === 'y' || event.shiftKey) latest.current.redo()
        else latest.current.undo()
      }
    }
    // Capture: editors stop their keys from reaching the grid, but not this.
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])
}
