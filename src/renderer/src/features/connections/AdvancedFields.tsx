import { type ChangeEvent, type ReactNode } from 'react'
import type { SshAuthKind } from '../../../../shared/schemas/connection-reach'
import { keepsSavedDirectPassword, keepsSavedSshSecrets, withSshAddress, type AdvancedForm } from './advanced-form'
import { Field } from './Field'
import type { ConnectionForm, FormErrors } from './form'

interface Props {
  form: ConnectionForm
  errors: FormErrors
  onChange(form: ConnectionForm): void
}

const sshAuthLabels: Record<SshAuthKind, string> = { key: 'Private key', password: 'Password', agent: 'SSH agent' }

/** A PEM text area with a button that loads the text from a file (read here; a key is sealed by main on Save). */
function PemField(props: { label: string; value: string; error?: string; hint?: ReactNode; placeholder: string; onChange(value: string): void }) {
  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) props.onChange(await file.text())
  }
  return (
    <Field label={props.label} error={props.error} hint={props.hint} className="pem-field">
      {(control) => (
        <>
          <textarea {...control} rows={3} spellCheck={false} autoComplete="off" placeholder={props.placeholder} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
          <label className="button button--small pem-field__file">
            Load file…
            <input type="file" accept=".pem,.crt,.cer,.key,*" onChange={load} aria-label={`Load ${props.label.toLowerCase()} from a file`} />
          </label>
        </>
      )}
    </Field>
  )
}

/** A key's passphrase: a saved one shows only as dots, and blank keeps it. */
function PassphraseField(props: { label: string; error?: string; saved: boolean; value: string; onChange(value: string): void }) {
  return (
    <Field label={props.label} error={props.error}>
      {(control) => (
        <input
          {...control}
          type="password"
          autoComplete="off"
          placeholder={props.saved ? '••••••••' : 'Only if the key is encrypted'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  )
}

/**
 * The dialog's Advanced group: the connection's own TLS certificates, an SSH tunnel with its
 * trusted host key, and the read-only switch. Saved secrets show only as "saved".
 */
export function AdvancedFields({ form, errors, onChange }: Props) {
  const a = form.advanced
  const set = (changes: Partial<AdvancedForm>) => onChange({ ...form, advanced: { ...a, ...changes } })
  const keepsSsh = keepsSavedSshSecrets(a)
  const configured = a.caCert || a.clientCert || a.hasSavedClientKey || a.ssh || a.readOnly || a.directUrl
  const keepsDirect = keepsSavedDirectPassword(a)
  return (
    <details className="advanced-fields" open={Boolean(configured) || undefined}>
      <summary>Advanced: certificates, SSH tunnel, read-only, pooler</summary>

      <fieldset>
        <legend>TLS certificates</legend>
        <PemField
          label="CA certificate"
          value={a.caCert}
          error={errors.caCert}
          placeholder="-----BEGIN CERTIFICATE-----"
          hint="The server's certificate must be signed by it (your provider's CA bundle). Used with SSL mode require, verify-ca and verify-full."
          onChange={(caCert) => set({ caCert })}
        />
        <PemField
          label="Client certificate"
          value={a.clientCert}
          error={errors.clientCert}
          placeholder="For servers that log users in by certificate"
          onChange={(clientCert) => set({ clientCert })}
        />
        <PemField
          label="Client key"
          value={a.clientKey}
          error={errors.clientKey}
          placeholder={a.hasSavedClientKey ? 'A key is saved. Leave blank to keep it.' : '-----BEGIN PRIVATE KEY-----'}
          hint="Stored encrypted on this computer, for this server and user only."
          onChange={(clientKey) => set({ clientKey })}
        />
        <PassphraseField
          label="Client key passphrase"
          error={errors.keyPassphrase}
          saved={a.hasSavedKeyPassphrase}
          value={a.keyPassphrase}
          onChange={(keyPassphrase) => set({ keyPassphrase })}
        />
      </fieldset>

      <fieldset>
        <legend>SSH tunnel</legend>
        <label className="check-field">
          <input type="checkbox" checked={a.ssh} onChange={(e) => set({ ssh: e.target.checked })} />
          Connect through an SSH server (a bastion)
        </label>
        {a.ssh ? (
          <>
            <div className="address-fields__grid advanced-fields__ssh">
              <Field label="SSH host" error={errors.sshHost}>
                {(control) => <input {...control} type="text" spellCheck={false} value={a.sshHost} onChange={(e) => onChange({ ...form, advanced: withSshAddress(a, { sshHost: e.target.value }) })} />}
              </Field>
              <Field label="SSH port" error={errors.sshPort}>
                {(control) => <input {...control} type="text" inputMode="numeric" value={a.sshPort} onChange={(e) => onChange({ ...form, advanced: withSshAddress(a, { sshPort: e.target.value }) })} />}
              </Field>
              <Field label="SSH user" error={errors.sshUser}>
                {(control) => <input {...control} type="text" spellCheck={false} value={a.sshUser} onChange={(e) => set({ sshUser: e.target.value })} />}
              </Field>
              <Field label="Log in with">
                {(control) => (
                  <select {...control} value={a.sshAuth} onChange={(e) => set({ sshAuth: e.target.value as SshAuthKind })}>
                    {(Object.keys(sshAuthLabels) as SshAuthKind[]).map((kind) => (
                      <option key={kind} value={kind}>
                        {sshAuthLabels[kind]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {a.sshAuth === 'key' ? (
              <>
                <PemField
                  label="SSH private key"
                  value={a.sshPrivateKey}
                  error={errors.sshPrivateKey}
                  placeholder={keepsSsh && a.hasSavedSshKey ? 'A key is saved. Leave blank to keep it.' : '-----BEGIN OPENSSH PRIVATE KEY-----'}
                  hint="Stored encrypted on this computer, for this SSH server and user only."
                  onChange={(sshPrivateKey) => set({ sshPrivateKey })}
                />
                <PassphraseField
                  label="SSH key passphrase"
                  error={errors.sshPassphrase}
                  saved={keepsSsh && a.hasSavedSshPassphrase}
                  value={a.sshPassphrase}
                  onChange={(sshPassphrase) => set({ sshPassphrase })}
                />
              </>
            ) : null}
            {a.sshAuth === 'password' ? (
              <Field label="SSH password" error={errors.sshPassword} hint={keepsSsh && a.hasSavedSshPassword ? 'A password is saved. Leave blank to keep it.' : undefined}>
                {(control) => (
                  <input {...control} type="password" autoComplete="off" placeholder={keepsSsh && a.hasSavedSshPassword ? '••••••••' : ''} value={a.sshPassword} onChange={(e) => set({ sshPassword: e.target.value })} />
                )}
              </Field>
            ) : null}
            {a.sshAuth === 'agent' ? <p className="field__hint">Uses the keys of the SSH agent running for Roster (SSH_AUTH_SOCK).</p> : null}
            <div className="host-key" aria-live="polite">
              <span className="host-key__label">Trusted host key</span>
              {a.sshHostKey ? (
                <>
                  <code>{a.sshHostKey}</code>
                  <button type="button" className="button button--small button--quiet" onClick={() => set({ sshHostKey: '' })}>
                    Forget
                  </button>
                </>
              ) : (
                <span className="host-key__none">None yet: Test shows the server’s key for you to check and trust.</span>
              )}
              {errors.sshHostKey ? <p className="field__error">{errors.sshHostKey}</p> : null}
            </div>
          </>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Safety</legend>
        <label className="check-field">
          <input type="checkbox" checked={a.readOnly} onChange={(e) => set({ readOnly: e.target.checked })} />
          Read-only: every session refuses writes, and Roster saves nothing (exports still work)
        </label>
      </fieldset>

      <fieldset>
        <legend>Connection pooler</legend>
        <Field
          label="Direct URL"
          error={errors.directUrl}
          hint="When the URL above goes through a transaction pooler (PgBouncer, Supabase’s or Neon’s pooled endpoint), live updates need the database’s direct address: the pooler cannot carry them."
        >
          {(control) => (
            <input {...control} type="text" spellCheck={false} autoComplete="off" placeholder="postgres://user@db-direct.example.com:5432/app" value={a.directUrl} onChange={(e) => set({ directUrl: e.target.value })} />
          )}
        </Field>
        {a.directUrl.trim() ? (
          <Field label="Direct URL password" error={errors.directPassword} hint={keepsDirect ? 'A password is saved. Leave blank to keep it.' : 'Stored encrypted on this computer, for this server and user only.'}>
            {(control) => (
              <input {...control} type="password" autoComplete="off" placeholder={keepsDirect ? '••••••••' : ''} value={a.directPassword} onChange={(e) => set({ directPassword: e.target.value })} />
            )}
          </Field>
        ) : null}
      </fieldset>
    </details>
  )
}
