import { Field } from './Field'
import { keepsSavedToken, type CacheKind, type ConnectionForm, type FormErrors } from './form'

interface Props {
  form: ConnectionForm
  errors: FormErrors
  onChange(form: ConnectionForm): void
}

const cacheLabels: Record<CacheKind, string> = {
  none: 'In memory (this app only)',
  redis: 'Redis server (redis:// or rediss://)',
  upstash: 'Upstash REST',
}

/** Where this connection caches what the grids read; a shared Redis serves every admin. */
export function CacheFields({ form, errors, onChange }: Props) {
  const set = <K extends keyof ConnectionForm>(key: K, value: ConnectionForm[K]) => onChange({ ...form, [key]: value })
  return (
    <fieldset className="cache-fields">
      <legend>Cache</legend>
      <Field label="Cache">
        {(control) => (
          <select {...control} value={form.cacheKind} onChange={(e) => set('cacheKind', e.target.value as CacheKind)}>
            {(Object.keys(cacheLabels) as CacheKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {cacheLabels[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {form.cacheKind === 'redis' ? (
        <Field label="Redis URL" error={errors.cacheUrl} hint="A password in the URL is stored encrypted, apart from it.">
          {(control) => (
            <input
              {...control}
              type="text"
              spellCheck={false}
              placeholder="redis://:password@host:6379"
              value={form.cacheUrl}
              onChange={(e) => set('cacheUrl', e.target.value)}
            />
          )}
        </Field>
      ) : null}
      {form.cacheKind === 'redis' && form.advanced.ssh ? (
        <label className="check-field">
          <input type="checkbox" checked={form.cacheThroughSsh} onChange={(e) => set('cacheThroughSsh', e.target.checked)} />
          Through the SSH tunnel (the Redis URL as the SSH server reaches it)
        </label>
      ) : null}
      {form.cacheKind === 'upstash' ? (
        <>
          <Field label="Upstash REST URL" error={errors.cacheUrl}>
            {(control) => (
              <input
                {...control}
                type="text"
                spellCheck={false}
                placeholder="https://example.upstash.io"
                value={form.cacheUrl}
                onChange={(e) => set('cacheUrl', e.target.value)}
              />
            )}
          </Field>
          <Field label="Upstash token" error={errors.cacheToken} hint={keepsSavedToken(form) ? 'A token is saved. Leave blank to keep it.' : undefined}>
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="off"
                placeholder={keepsSavedToken(form) ? '••••••••' : ''}
                value={form.cacheToken}
                onChange={(e) => set('cacheToken', e.target.value)}
              />
            )}
          </Field>
        </>
      ) : null}
    </fieldset>
  )
}
