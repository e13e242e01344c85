import { sslModes, type SslMode } from '../../../../shared/postgres-url'
import { Field } from './Field'
import { keepsSavedPassword, switchMode, type ConnectionForm, type FormErrors } from './form'

interface Props {
  form: ConnectionForm
  errors: FormErrors
  onChange(form: ConnectionForm): void
}

const sslModeHints: Record<SslMode, string> = {
  disable: 'never encrypt',
  allow: 'encrypt only if the server insists',
  prefer: 'encrypt when the server can',
  require: 'always encrypt, do not verify the certificate',
  'verify-ca': 'always encrypt and verify the certificate',
  'verify-full': 'always encrypt, verify certificate and host name',
}

/** Where the database is: one URL, or host, port, database, user and SSL mode. And the password. */
export function AddressFields({ form, errors, onChange }: Props) {
  const keepsSaved = keepsSavedPassword(form)
  const set = <K extends keyof ConnectionForm>(key: K, value: ConnectionForm[K]) => onChange({ ...form, [key]: value })
  return (
    <fieldset className="address-fields">
      <legend>Address</legend>
      <div className="segmented" role="radiogroup" aria-label="Enter the address as">
        {(['url', 'fields'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={form.mode === mode}
            className={form.mode === mode ? 'segmented__item segmented__item--on' : 'segmented__item'}
            onClick={() => onChange(switchMode(form, mode))}
          >
            {mode === 'url' ? 'URL' : 'Separate fields'}
          </button>
        ))}
      </div>

      {form.mode === 'url' ? (
        <Field label="PostgreSQL URL" error={errors.url} hint="postgres://user@host:5432/database?sslmode=require">
          {(control) => (
            <input
              {...control}
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="postgres://user@host:5432/database"
              value={form.url}
              onChange={(e) => set('url', e.target.value)}
            />
          )}
        </Field>
      ) : (
        <div className="address-fields__grid">
          <Field label="Host" error={errors.host}>
            {(control) => <input {...control} type="text" spellCheck={false} value={form.host} onChange={(e) => set('host', e.target.value)} />}
          </Field>
          <Field label="Port" error={errors.port}>
            {(control) => <input {...control} type="text" inputMode="numeric" value={form.port} onChange={(e) => set('port', e.target.value)} />}
          </Field>
          <Field label="Database" error={errors.database}>
            {(control) => <input {...control} type="text" spellCheck={false} value={form.database} onChange={(e) => set('database', e.target.value)} />}
          </Field>
          <Field label="User" error={errors.user}>
            {(control) => <input {...control} type="text" spellCheck={false} value={form.user} onChange={(e) => set('user', e.target.value)} />}
          </Field>
          <Field label="SSL mode" hint={sslModeHints[form.sslmode]}>
            {(control) => (
              <select {...control} value={form.sslmode} onChange={(e) => set('sslmode', e.target.value as SslMode)}>
                {sslModes.map((mode) => (
                  <option key={mode} value={mode}>
                    {mode}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}

      <Field
        label="Password"
        error={errors.password}
        hint={
          keepsSaved
            ? 'A password is saved. Leave blank to keep it.'
            : form.hasSavedPassword
              ? 'The saved password is for another user, host or port, so it will not be sent here: enter the password for this address.'
              : 'Stored encrypted on this computer.'
        }
      >
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            placeholder={keepsSaved ? '••••••••' : ''}
            value={form.password}
            onChange={(e) => set('password', e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  )
}
