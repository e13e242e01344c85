import { randomBytes, randomUUID } from 'node:crypto'
import type { LiveEvent, LiveState, RosterEvent } from '../../shared/contract/events'
import { resourceNames } from '../../shared/schemas/resources'
import type { LocalLayerControl } from '../cache/local-layer'
import type { Database } from '../db/client'
import type { DatabaseSession } from '../session'
import type { Announcer } from './announce'
import { listenForChanges, type ChangeListener, type ListenerRetry } from './listener'
import { readNotice, type ChangeNotice } from './notice'

export interface LiveChangesOptions {
  retry?: ListenerRetry
  /** The list cache's in-process layer: told of every event, and trusted only while events arrive. */
  localLayer?: LocalLayerControl
}

interface Subscriber {
  /** The window or tab (CallContext.clientId) events go to: its own saves come back `byYou`. */
  clientId: string | undefined
  send(event: RosterEvent): void
}

/**
 * Change events of the open database, for every window of this Roster: it announces saves under
 * this instance's id (src/main/events/announce.ts), listens for the notices of every Roster on the
 * database, and hands each to its subscribers (IPC windows, browser tabs' event streams) and to the
 * list cache's in-process layer. It follows the session from database to database.
 */
export class LiveChanges implements Announcer {
  readonly instanceId = randomUUID()
  readonly #options: LiveChangesOptions
  /** Each window's alias in this instance's notices: short, random, and never its client id. */
  readonly #aliases = new Map<string, string>()
  readonly #subscribers = new Set<Subscriber>()
  #state: LiveEvent = { kind: 'live', state: 'idle', message: null, resync: false }
  #database: Database | null = null
  #listener: ChangeListener | null = null
  #following: Promise<void> = Promise.resolve()

  constructor(options: LiveChangesOptions = {}) {
    this.#options = options
  }

  aliasOf(clientId: string | undefined): string | null {
    if (clientId === undefined) return null
    let alias = this.#aliases.get(clientId)
    if (alias === undefined) {
      alias = randomBytes(6).toString('base64url')
      this.#aliases.set(clientId, alias)
    }
    return alias
  }

  /** Whether change events are arriving now, and why not. */
  get state(): LiveEvent {
    return this.#state
  }

  /** Sends `clientId`'s window every event from now on, starting with the current state. */
  subscribe(clientId: string | undefined, send: (event: RosterEvent) => void): () => void {
    const subscriber: Subscriber = { clientId, send }
    this.#subscribers.add(subscriber)
    this.#deliver(subscriber, { ...this.#state, resync: false })
    return () => void this.#subscribers.delete(subscriber)
  }

  /** Listens on the session's database now open (call after each open); stops listening on the one before. */
  follow(session: DatabaseSession): Promise<void> {
    this.#following = this.#following.catch(() => {}).then(() => this.#switchTo(session))
    return this.#following
  }

  async close(): Promise<void> {
    await this.#following
    this.#database = null
    const listener = this.#listener
    this.#listener = null
    await listener?.close().catch(() => {})
    this.#setState('idle', null, false)
  }

  async #switchTo(session: DatabaseSession): Promise<void> {
    let database: Database | null
    try {
      database = session.database
    } catch {
      database = null
    }
    if (database === this.#database) return
    const previous = this.#listener
    this.#listener = null
    this.#database = database
    await previous?.close().catch(() => {})
    const target = session.target
    if (!database || !target) return this.#setState('idle', null, false)
    const current = database
    try {
      this.#listener = await listenForChanges(
        current,
        target,
        {
          notice: (payload) => this.#database === current && this.#notice(payload),
          state: (state, message, resync) => this.#database === current && this.#setState(state, message, resync),
        },
        this.#options.retry,
      )
    } catch (error) {
      this.#setState('reconnecting', error instanceof Error ? error.message : String(error), false)
    }
  }

  #setState(state: LiveState, message: string | null, resync: boolean): void {
    this.#state = { kind: 'live', state, message, resync }
    this.#options.localLayer?.setLocalLayerTrusted(state === 'live')
    for (const subscriber of this.#subscribers) this.#deliver(subscriber, this.#state)
  }

  #notice(payload: string): void {
    const notice = readNotice(payload)
    // Not a notice this Roster reads (another version's): something changed, so everything is stale.
    const notices: ChangeNotice[] = notice
      ? [notice]
      : resourceNames.map((resource) => ({ v: 1, resource, rows: [], more: true, origin: '', client: null }))
    this.#options.localLayer?.resourcesChanged(notices.map((n) => n.resource))
    for (const { resource, rows, more, origin, client } of notices) {
      const savedBy = origin === this.instanceId ? client : null
      for (const subscriber of this.#subscribers) {
        const byYou = savedBy !== null && subscriber.clientId !== undefined && this.#aliases.get(subscriber.clientId) === savedBy
        this.#deliver(subscriber, { kind: 'change', resource, rows: rows.map(([id, updatedAt]) => ({ id, updatedAt })), more, byYou })
      }
    }
  }

  /** One subscriber that fails (a window closing) never keeps the event from the others. */
  #deliver(subscriber: Subscriber, event: RosterEvent): void {
    try {
      subscriber.send(event)
    } catch (error) {
      console.error('A change event could not be delivered:', error)
    }
  }
}
