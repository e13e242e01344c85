import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { bindingFor, screenBindings, type ScreenAction } from './keyBindings'

interface Shortcuts {
  save(): void
  undo(): void
  redo(): void
  /** Opens the list of shortcuts. */
  help(): void
  /** Commits the open cell editor, if any; false when it refused its value (it then shows why). */
  commitEditor(): boolean
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** The screen-wide shortcuts of keyBindings.ts (save, undo, redo, the shortcut list), anywhere on the screen. */
export function useGridShortcuts({ save, undo, redo, help, commitEditor }: Shortcuts) {
  const latest = useRef({ save, undo, redo, help, commitEditor })
  useLayoutEffect(() => {
    latest.current = { save, undo, redo, help, commitEditor }
  })
  // A save asked for in the same keypress as an editor's commit runs once that commit is rendered.
  const [saveRequest, setSaveRequest] = useState(0)
  useEffect(() => {
    if (saveRequest > 0) latest.current.save()
  }, [saveRequest])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const binding = bindingFor(screenBindings, event)
      if (!binding) return
      // Save reaches into an editor (committing it first); the rest leave typing to the text field.
      const handlers: Record<ScreenAction, () => void> = {
        save: () => {
          if (latest.current.commitEditor()) setSaveRequest((n) => n + 1)
        },
        undo: () => latest.current.undo(),
        redo: () => latest.current.redo(),
        help: () => latest.current.help(),
      }
      if (binding.action !== 'save' && isTextField(event.target)) return
      event.preventDefault()
      event.stopPropagation()
      handlers[binding.action]()
    }
    // Capture: editors stop their keys from reaching the grid, but not this.
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])
}
