export * from './agencies'
export * from './roles'
export * from './users'
