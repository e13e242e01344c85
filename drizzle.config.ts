import { defineConfig } from 'drizzle-kit'

// Generation only: `npm run db:generate` diffs the TypeScript schema against drizzle/meta.
// Applying migrations is the app's job (src/main/db/migrations.ts), on explicit request.
export default defineConfig({
  dialect: 'postgresql',
  // Every module of the folder: a new table is its file alone.
  schema: './src/main/db/schema/*.ts',
  out: './drizzle',
  casing: 'snake_case',
})
