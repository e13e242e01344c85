import { noChanges, type StagedChanges } from './model'

const MAX_UNDO = 500

/** Staged changes with undo and redo; every step is one user action. */
export interface StagingHistory {
  past: StagedChanges[]
  present: StagedChanges
  future: StagedChanges[]
}

export type HistoryAction =
  | { type: 'apply'; change: (present: StagedChanges) => StagedChanges }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset' }

export const emptyHistory: StagingHistory = { past: [], present: noChanges, future: [] }

export function historyReducer(history: StagingHistory, action: HistoryAction): StagingHistory {
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
      return emptyHistory
  }
}
