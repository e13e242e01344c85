import { Resvg } from '@resvg/resvg-js'
import { BICUBIC, createICNS, createICO } from 'png2icons'

/** The sizes of `build/icons/<n>x<n>.png`: the Linux icon theme's, and the sources of the .icns and .ico. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const

/** The PNG of `svg` drawn at `size` × `size` pixels (drawn at each size, not scaled down from one bitmap). */
export function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng()
}

/**
 * Every icon file electron-builder's targets read, keyed by their path under build/: the PNG set
 * (Linux), icon.icns (macOS) and icon.ico (Windows: PNGs, and bitmaps under 64 px for older Explorers).
 */
export function iconSet(svg: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const size of PNG_SIZES) files.set(`icons/${size}x${size}.png`, renderPng(svg, size))
  const largest = files.get('icons/1024x1024.png')!
  const icns = createICNS(largest, BICUBIC, 0)
  const ico = createICO(files.get('icons/256x256.png')!, BICUBIC, 0, true, true)
  if (!icns || !ico) throw new Error('png2icons could not encode the icon (see its log for why)')
  files.set('icon.icns', icns)
  files.set('icon.ico', ico)
  return files
}
