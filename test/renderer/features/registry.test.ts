import { describe, expect, it } from 'vitest'
import { features, featureOf, homeScreen } from '../../../src/renderer/src/features/registry'
import { resourceNames } from '../../../src/shared/schemas/resources'

describe('the features registry', () => {
  it('finds every feature folder, in sidebar order, and opens on the first', () => {
    expect(features.map((feature) => feature.id).slice(0, 3)).toEqual(['users', 'agencies', 'roles'])
    expect(features.at(-1)?.id).toBe('connection')
    expect(homeScreen).toBe('users')
    expect(featureOf('roles').title).toBe('Roles')
  })

  it('gives every resource a screen named after it', () => {
    for (const name of resourceNames) expect(features.map((feature) => feature.id)).toContain(name)
  })
})
