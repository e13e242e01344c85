import { useId } from 'react'

interface Props {
  checked: boolean
  error?: string
  onChange(checked: boolean): void
}

/**
 * Shown only where secrets cannot be stored securely (Linux with no keychain): says why, and asks
 * before a password or token is saved that way.
 */
export function InsecureStorageConsent({ checked, error, onChange }: Props) {
  const id = useId()
  return (
    <div className={`field insecure-storage ${error ? 'field--invalid' : ''}`}>
      <p className="insecure-storage__why" id={`${id}-why`}>
        Passwords cannot be stored securely on this computer: no keychain or secret service is running, so a saved password or
        token would be readable by anyone who can read your files. Leave them blank to type them each time, or agree below.
      </p>
      <label className="insecure-storage__choice">
        <input
          type="checkbox"
          checked={checked}
          aria-invalid={Boolean(error)}
          aria-describedby={[`${id}-why`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
          onChange={(e) => onChange(e.target.checked)}
        />
        Store passwords on this computer without secure storage
      </label>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}
