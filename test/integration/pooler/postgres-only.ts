// Imported before the suites below: they then describe PostgreSQL alone (test/support/databases.ts),
// PGlite having no pooler to go through.
process.env.ROSTER_TEST_ENGINES = 'postgres'
