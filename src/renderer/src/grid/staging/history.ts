import { noChanges, type StagedChanges } from './model'
import type { ResourceTypes } from '../resourceTypes'

const MAX_UNDO = 500

/** Staged changes with undo and redo; every step is one user action. */
export interface StagingHistory<T extends ResourceTypes> {
  past: StagedChanges<T>[]
  present: StagedChanges<T>
  future: StagedChanges<T>[]
}

export type HistoryAction<T extends ResourceTypes> =
  | { type: 'apply'; change: (present: StagedChanges<T>) => StagedChanges<T> }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset' }

export const emptyHistory = <T extends ResourceTypes>(): StagingHistory<T> => ({ past: [], present: noChanges(), future: [] })

export function historyReducer<T extends ResourceTypes>(history: StagingHistory<T>, action: HistoryAction<T>): StagingHistory<T> {
  switch (action.type) {
    case 'apply': {
      const next = action.change(history.present)
      if (next === history.present) return history
      return { past: [...history.past, history.present].slice(-MAX_UNDO), present: next, future: [] }
    }
    case 'undo': {
      const previous = history.past.at(-1)
      if (!previous) return history
      return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] }
    }
    case 'redo': {
      const [next, ...future] = history.future
      if (!next) return history
      return { past: [...history.past, history.present], present: next, future }
    }
    case 'reset':
      return emptyHistory()
  }
}
