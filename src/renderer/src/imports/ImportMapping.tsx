import { importFields, type ImportPreview } from '../../../shared/schemas/imports'
import type { ResourceName } from '../../../shared/schemas/resources'

interface Props {
  resource: ResourceName
  preview: ImportPreview
  mapping: (string | null)[]
  onMap(index: number, field: string | null): void
}

/** The file's first rows under its headers, each column with the field it sets (or "Not imported"). */
export function ImportMapping({ resource, preview, mapping, onMap }: Props) {
  const fields = importFields(resource)
  return (
    <div className="import-preview" role="region" aria-label="Preview of the file" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {preview.headers.map((header, index) => (
              <th key={index} scope="col">
                <span className="import-preview__header">{header || `Column ${index + 1}`}</span>
                <select
                  aria-label={`Field for column ${header || index + 1}`}
                  value={mapping[index] ?? ''}
                  onChange={(e) => onMap(index, e.target.value === '' ? null : e.target.value)}
                >
                  <option value="">Not imported</option>
                  {fields.map((f) => (
                    <option key={f.field} value={f.field}>
                      {f.header}
                    </option>
                  ))}
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r}>
              {preview.headers.map((_, c) => (
                <td key={c} className={mapping[c] === null ? 'import-preview__skipped' : undefined}>
                  {row[c] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
