import type { TestStage } from '../../../../shared/schemas/connection-reach'

const stageNames: Record<TestStage['stage'], string> = { ssh: 'SSH', tls: 'TLS', login: 'Login', schema: 'Schema' }

/** Each step a Test went through, in order, with what it found and how long it took. */
export function TestStages({ stages }: { stages: TestStage[] }) {
  if (stages.length === 0) return null
  return (
    <ol className="test-stages" aria-label="Test stages">
      {stages.map((stage) => (
        <li key={stage.stage}>
          <span className="test-stages__name">{stageNames[stage.stage]}</span>
          <span className="test-stages__time">{stage.elapsedMs} ms</span>
          <span className="test-stages__detail">{stage.detail}</span>
        </li>
      ))}
    </ol>
  )
}
