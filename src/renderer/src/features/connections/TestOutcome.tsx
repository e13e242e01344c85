import type { ConnectionTestResult } from '../../../../shared/schemas/connections'
import { poolerPhrase } from '../../../../shared/schemas/database'
import { messageOf } from '../../api/request-error'
import { TestStages } from './TestStages'

/** The answer of the Test button: server and schema, or why it could not connect. */
export function TestOutcome({ result, error, pending }: { result?: ConnectionTestResult; error?: unknown; pending: boolean }) {
  if (pending) {
    return (
      <p className="connection-outcome connection-outcome--pending" role="status">
        Connecting…
      </p>
    )
  }
  if (error) {
    return (
      <p className="connection-outcome connection-outcome--error" role="alert">
        {messageOf(error)}
      </p>
    )
  }
  if (!result) return null
  const tone = result.schema.state === 'ready' ? 'ok' : result.schema.state === 'conflict' ? 'error' : 'warn'
  return (
    <div className={`connection-outcome connection-outcome--${tone}`} role="status">
      <strong>Connected</strong> to PostgreSQL {result.serverVersion} {result.pooler && `${poolerPhrase(result.pooler)} `}in {result.elapsedMs} ms.
      <br />
      {result.schema.message}
      <TestStages stages={result.stages} />
    </div>
  )
}
