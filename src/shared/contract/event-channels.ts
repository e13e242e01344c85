/**
 * The IPC channels of the one event subscription (src/shared/contract/events.ts says what travels
 * on them). Kept apart from the schemas, like methods.ts, so the preload takes two strings and no rules.
 */
export const eventChannels = {
  /** Renderer → main: this window wants the events (the main process checks its frame). */
  subscribe: 'roster:events.subscribe',
  /** Main → renderer: one event. */
  event: 'roster:events',
} as const
