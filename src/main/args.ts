import { parseArgs } from 'node:util'

export interface LaunchOptions {
  /** A PostgreSQL URL to open instead of the embedded database. */
  databaseUrl: string | null
  port: number
}

/** `--database <url>` (or ROSTER_DATABASE_URL) and `--port <n>`, shared by the desktop app and browser mode. */
export function parseLaunchOptions(argv: string[], env: NodeJS.ProcessEnv): LaunchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { database: { type: 'string' }, port: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  const database = typeof values.database === 'string' ? values.database : env.ROSTER_DATABASE_URL || null
  const portText = typeof values.port === 'string' ? values.port : env.ROSTER_PORT ?? '0'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${portText}`)
  return { databaseUrl: database, port }
}
