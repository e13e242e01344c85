import { useState } from 'react'
import type { ResourceName } from '../../../shared/schemas/resources'
import { ImportDialog } from './ImportDialog'

/** The toolbar's Import button and its dialog, for one resource. */
export function ImportButton({ resource }: { resource: { name: ResourceName; title: string } }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Import…
      </button>
      <ImportDialog resource={resource.name} title={resource.title} open={open} onClose={() => setOpen(false)} />
    </>
  )
}
