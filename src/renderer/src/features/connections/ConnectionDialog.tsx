import * as Dialog from '@radix-ui/react-dialog'
import { useState, type FormEvent } from 'react'
import { ApiRequestError, messageOf } from '../../api/request-error'
import { AddressFields } from './AddressFields'
import { AdvancedFields } from './AdvancedFields'
import { CacheFields } from './CacheFields'
import { Field } from './Field'
import { issueField, testInputOf, validateForm, type ConnectionForm, type FormErrors } from './form'
import { HostKeyPrompt } from './HostKeyPrompt'
import { InsecureStorageConsent } from './InsecureStorageConsent'
import { TestOutcome } from './TestOutcome'
import { useSaveConnection, useSshHostKey, useTestConnection } from './useConnections'

interface Props {
  /** The form to start from; null when the dialog is closed. */
  initial: ConnectionForm | null
  /** False when this computer cannot store secrets securely: saving one then needs consent. */
  secureStorage: boolean
  onClose(): void
}

/** Add or edit a saved connection; Test tries the typed address before anything is saved. */
export function ConnectionDialog({ initial, secureStorage, onClose }: Props) {
  return (
    <Dialog.Root open={initial !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog connection-dialog" aria-describedby={undefined}>
          {initial ? <ConnectionFormView key={initial.id ?? 'new'} initial={initial} secureStorage={secureStorage} onClose={onClose} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function ConnectionFormView({ initial, secureStorage, onClose }: { initial: ConnectionForm; secureStorage: boolean; onClose(): void }) {
  const [form, setForm] = useState(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  const save = useSaveConnection()
  const test = useTestConnection()
  const hostKey = useSshHostKey()

  const change = (next: ConnectionForm) => {
    setForm(next)
    if (Object.keys(errors).length > 0) setErrors({})
    if (test.data || test.error) test.reset()
    if (hostKey.data || hostKey.error) hostKey.reset()
  }

  const runTest = (tested = form) => {
    const input = testInputOf(tested)
    if ('errors' in input) return setErrors(input.errors)
    // An SSH server seen for the first time shows its key, and nothing is sent to it until trusted.
    if (input.ssh && !input.ssh.hostKey) return hostKey.mutate({ host: input.ssh.host, port: input.ssh.port })
    test.mutate(input)
  }

  const trustHostKey = (fingerprint: string) => {
    const trusted = { ...form, advanced: { ...form.advanced, sshHostKey: fingerprint } }
    setForm(trusted)
    hostKey.reset()
    runTest(trusted)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validateForm(form)
    if ('errors' in checked) return setErrors(checked.errors)
    save.mutate(checked.input, {
      onSuccess: onClose,
      onError: (error) => {
        const fieldErrors = error instanceof ApiRequestError ? (error.apiError.fieldErrors ?? []) : []
        setErrors(Object.fromEntries(fieldErrors.flatMap((f) => (issueField[f.field] ? [[issueField[f.field], f.message]] : []))))
      },
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="dialog__header">
        <Dialog.Title>{initial.id ? `Edit ${initial.name}` : 'Add a connection'}</Dialog.Title>
      </div>
      <div className="dialog__body">
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              type="text"
              autoFocus
              placeholder="Production, Staging…"
              value={form.name}
              onChange={(e) => change({ ...form, name: e.target.value })}
            />
          )}
        </Field>
        <AddressFields form={form} errors={errors} onChange={change} />
        <CacheFields form={form} errors={errors} onChange={change} />
        <AdvancedFields form={form} errors={errors} onChange={change} />
        {secureStorage ? null : (
          <InsecureStorageConsent
            checked={form.allowInsecureStorage}
            error={errors.allowInsecureStorage}
            onChange={(allowInsecureStorage) => change({ ...form, allowInsecureStorage })}
          />
        )}
        {hostKey.data ? (
          <HostKeyPrompt
            address={`${form.advanced.sshHost}:${form.advanced.sshPort}`}
            fingerprint={hostKey.data.fingerprint}
            onTrust={() => trustHostKey(hostKey.data.fingerprint)}
            onCancel={() => hostKey.reset()}
          />
        ) : null}
        <TestOutcome result={test.data} error={test.error ?? hostKey.error} pending={test.isPending || hostKey.isPending} />
        {save.error && !(save.error instanceof ApiRequestError && save.error.apiError.fieldErrors?.length) ? (
          <p className="connection-outcome connection-outcome--error" role="alert">
            {messageOf(save.error)}
          </p>
        ) : null}
      </div>
      <div className="dialog__footer">
        <button type="button" className="button" onClick={() => runTest()} disabled={test.isPending || hostKey.isPending}>
          {test.isPending ? 'Testing…' : 'Test'}
        </button>
        <span className="dialog__spacer" />
        <Dialog.Close asChild>
          <button type="button" className="button button--quiet">
            Cancel
          </button>
        </Dialog.Close>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  )
}
