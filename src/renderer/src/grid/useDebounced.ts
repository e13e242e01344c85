import { useEffect, useState } from 'react'

/** A text box's own value, passed on after the user pauses typing. */
export function useDebouncedInput(value: string, onSettled: (value: string) => void, delay = 250) {
  const [text, setText] = useState(value)
  const [settled, setSettled] = useState(value)
  // Follows the outside value when it is reset (e.g. "Clear filters").
  if (value !== settled) {
    setSettled(value)
    setText(value)
  }
  useEffect(() => {
    if (text === value) return
    const timer = setTimeout(() => {
      setSettled(text)
      onSettled(text)
    }, delay)
    return () => clearTimeout(timer)
  }, [text, value, onSettled, delay])
  return [text, setText] as const
}
