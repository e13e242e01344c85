import { useEffect, useRef } from 'react'

/** First use of an SSH server: its key's fingerprint, for the admin to compare and trust. */
export function HostKeyPrompt(props: { address: string; fingerprint: string; onTrust(): void; onCancel(): void }) {
  const ref = useRef<HTMLDivElement>(null)
  // It appears at the end of a long form, below what the admin was looking at. (A block body:
  // newer Chromium returns a promise from scrollIntoView, which React would take for a cleanup.)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' })
  }, [])
  return (
    <div ref={ref} className="connection-outcome connection-outcome--warn host-key-prompt" role="alertdialog" aria-label="Trust this SSH host key?">
      <strong>First connection to {props.address}.</strong> Its host key fingerprint is
      <code className="host-key-prompt__fingerprint">{props.fingerprint}</code>
      Compare it with the server’s own (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server) before trusting it. A
      different key later is refused.
      <div className="host-key-prompt__actions">
        <button type="button" className="button button--primary" onClick={props.onTrust}>
          Trust and test
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}
