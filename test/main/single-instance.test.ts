import { describe, expect, it } from 'vitest'
import { holdSingleInstance } from '../../src/main/single-instance'

/** Electron's app and a window, reduced to what the single-instance rule uses, recording the calls. */
function fakes(gotLock: boolean) {
  const calls: string[] = []
  const listeners = new Map<string, () => void>()
  const app = {
    requestSingleInstanceLock: () => gotLock,
    quit: () => calls.push('quit'),
    on: (event: string, listener: () => void) => listeners.set(event, listener),
  }
  let minimized = true
  const window = {
    isMinimized: () => minimized,
    restore: () => (calls.push('restore'), (minimized = false)),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  }
  return { app, window, calls, listeners }
}

describe('one desktop Roster at a time', () => {
  it('quits a second launch before it opens anything', () => {
    const { app, calls, listeners } = fakes(false)
    expect(holdSingleInstance(app as never, () => undefined)).toBe(false)
    expect(calls).toEqual(['quit'])
    expect(listeners.size).toBe(0)
  })

  it('brings the running window back when another launch is attempted', () => {
    const { app, window, calls, listeners } = fakes(true)
    const shown: { window?: typeof window } = {}
    expect(holdSingleInstance(app as never, () => shown.window as never)).toBe(true)
    expect(calls).toEqual([])

    // While starting up there is no window yet: nothing to show, nothing breaks.
    listeners.get('second-instance')!()
    expect(calls).toEqual([])

    shown.window = window
    listeners.get('second-instance')!()
    expect(calls).toEqual(['restore', 'show', 'focus'])
    listeners.get('second-instance')!()
    expect(calls.slice(3)).toEqual(['show', 'focus'])
  })
})
