import { useState } from 'react'
import { useApi } from '../api/ApiProvider'
import { useNavigation } from '../shell/navigation'
import type { DeleteWarning } from './guards'
import type { GridResource } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { BlockedDeletes } from './SaveBanner'
import { isInsert, type RowRef } from './staging/model'
import type { Staging } from './staging/useStagedChanges'
import { nouns } from './words'

interface Options<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
  staging: Staging<T>
  /** A row the grid holds (staged edits shown), by id. */
  rowOf(id: string): RowOf<T> | undefined
  selectedIds: readonly string[]
  resetSelection(): void
  /** Forgets the last save's messages (a discard leaves nothing they were about). */
  resetFeedback(): void
}

/** A note about the action just taken: which selected rows a delete left alone, or what Discard dropped. */
export interface RowActionNote {
  kind: 'delete' | 'discard'
  text: string
}

/**
 * Delete, restore and discard, with their guards: a delete that takes more with it (a role's
 * assignments) asks first, with counts the server makes at that moment; Discard is undoable.
 */
export function useRowActions<T extends ResourceTypes, Lookup>({ resource, staging, rowOf, selectedIds, resetSelection, resetFeedback }: Options<T, Lookup>) {
  const api = useApi()
  const { navigate } = useNavigation()
  const [note, setNote] = useState<RowActionNote | null>(null)
  // What Discard dropped is told until something is staged again (its Undo, or a new edit).
  if (note?.kind === 'discard' && staging.count > 0) setNote(null)
  const [confirming, setConfirming] = useState<{ warning: DeleteWarning; rows: RowRef[]; alreadyDeleted: number } | null>(null)
  const refOf = (id: string): RowRef => {
    const row = rowOf(id)
    return { id, title: row ? resource.describe(row) : resource.noun }
  }
  // Rows already deleted (shown by "Show deleted") are restored, never deleted again.
  const selectedDeleted = selectedIds.filter((id) => rowOf(id)?.deletedAt)

  const stageDeletes = (rows: RowRef[], alreadyDeleted: number) => {
    staging.remove(rows)
    resetSelection()
    setNote(
      alreadyDeleted > 0
        ? { kind: 'delete', text: `Deleting ${rows.length} ${nouns(rows.length, resource.noun)}; ${alreadyDeleted} selected ${alreadyDeleted === 1 ? 'was' : 'were'} already deleted.` }
        : null,
    )
  }

  const deleteSelected = async () => {
    const live = selectedIds.filter((id) => !selectedDeleted.includes(id))
    const rows = live.map(refOf)
    // Only saved rows take anything with them: a new row's delete just drops it.
    const saved = live.flatMap((id) => (isInsert(staging.changes, id) ? [] : (rowOf(id) ?? [])))
    const warning = resource.deleteWarning && saved.length > 0 ? await resource.deleteWarning(api, saved) : null
    if (warning) setConfirming({ warning, rows, alreadyDeleted: selectedDeleted.length })
    else stageDeletes(rows, selectedDeleted.length)
  }

  return {
    selectedDeletedCount: selectedDeleted.length,
    note,
    deleteSelected,
    restoreSelected: () => {
      staging.restore(selectedDeleted.map(refOf))
      resetSelection()
      setNote(null)
    },
    discard: () => {
      const count = staging.count
      staging.discard()
      resetFeedback()
      setNote({ kind: 'discard', text: `Discarded ${count} ${count === 1 ? 'change' : 'changes'}.` })
    },
    /** The delete waiting for a yes, with what it takes along. */
    confirming: confirming?.warning ?? null,
    confirmDelete: () => {
      if (confirming) stageDeletes(confirming.rows, confirming.alreadyDeleted)
      setConfirming(null)
    },
    cancelDelete: () => setConfirming(null),
    /** Staged deletes a save refused (rows named in `rowErrors`) for what still holds them, with a way to see it. */
    blockedDeletes: (rowErrors: ReadonlyMap<string, string>): BlockedDeletes | undefined => {
      const blockers = resource.deleteBlockers
      const rows = [...rowErrors.keys()].flatMap((id) => staging.changes.deletes[id] ?? [])
      if (!blockers || rows.length === 0) return undefined
      return {
        action: blockers.action,
        rows,
        onShow: (row) => {
          const link = blockers.link(row)
          navigate(link.to, link.view)
        },
      }
    },
  }
}
