import type { Page } from 'playwright-core'

/** The looks every screen is checked in: light and dark, a wide and a narrow window. */
export const LOOKS = (['light', 'dark'] as const).flatMap((colorScheme) =>
  [
    { width: 1400, height: 900 },
    { width: 1024, height: 768 },
  ].map((viewport) => ({ colorScheme, viewport, name: `${colorScheme}-${viewport.width}x${viewport.height}` })),
)

/**
 * Runs `body` once in each look on the same page, its colour scheme and size switched in place (four
 * fresh pages cost a minute on a busy machine), then gives the page back its light scheme and size.
 */
export async function inEveryLook(page: Page, body: (look: string) => Promise<void>): Promise<void> {
  const size = page.viewportSize()
  for (const { colorScheme, viewport, name } of LOOKS) {
    await page.emulateMedia({ colorScheme })
    await page.setViewportSize(viewport)
    await body(name)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  if (size) await page.setViewportSize(size)
}
