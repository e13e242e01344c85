import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { META_CONTENT_SECURITY_POLICY } from './src/main/csp'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron main process; web: the same API over HTTP for browser mode.
        input: {
          index: resolve('src/main/index.ts'),
          web: resolve('src/main/web/cli.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require(): it must be one self-contained file.
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      // src/shared only defines values (no module runs anything when loaded), so the preload keeps
      // the method names it uses and drops the zod rules defined beside them.
      rolldownOptions: { treeshake: { moduleSideEffects: (id: string, external: boolean) => !external && !id.includes('/src/shared/') } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    // electron-vite leaves output unminified by default; the renderer is served to a browser too.
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [
      react(),
      {
        name: 'roster-csp',
        transformIndexHtml: (html: string) => html.replace('%ROSTER_CSP%', META_CONTENT_SECURITY_POLICY),
      },
    ],
  },
})
