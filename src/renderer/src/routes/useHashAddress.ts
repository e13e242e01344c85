import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react'
import { formatAddress, parseAddress, type Address } from './address'

/** How an address change enters the browser's history: a new entry (Back returns to this one), or this one rewritten. */
export type HistoryMode = 'push' | 'replace'

/** An address, or how to change the latest one. */
export type AddressChange = Address | ((latest: Address) => Address)

/**
 * The address in the URL hash, as state: read on load, written on every change, and followed when
 * Back, Forward or an address typed into the bar changes it, unless `mayFollow` says no (it then
 * asks the person, and goes there itself or puts the address back).
 */
export function useHashAddress(screens: readonly string[], home: string, mayFollow: (to: Address, from: Address) => boolean) {
  const [address, setAddress] = useState(() => parseAddress(location.hash, screens, home))
  // The address as last set, ahead of the render showing it: two changes before the next render
  // (a search and a filter whose typing pauses end together) each build on the one before.
  const latest = useRef(address)

  const go = useCallback((change: AddressChange, mode: HistoryMode) => {
    const to = typeof change === 'function' ? change(latest.current) : change
    latest.current = to
    const hash = formatAddress(to)
    if (location.hash !== hash) {
      if (mode === 'push') history.pushState(null, '', hash)
      else history.replaceState(history.state, '', hash)
    }
    setAddress(to)
  }, [])

  useEffect(() => {
    // The address bar shows the address in its own form from the start (an empty hash: the home screen's).
    const hash = formatAddress(parseAddress(location.hash, screens, home))
    if (location.hash !== hash) history.replaceState(history.state, '', hash)
  }, [screens, home])

  // The entry Back or Forward reached is rewritten in the address's own form, if it is followed.
  const follow = useEffectEvent((to: Address) => mayFollow(to, address) && go(to, 'replace'))
  useEffect(() => {
    // Every entry differs from its neighbours by its hash, so Back and Forward fire hashchange too.
    const followHash = () => follow(parseAddress(location.hash, screens, home))
    window.addEventListener('hashchange', followHash)
    return () => window.removeEventListener('hashchange', followHash)
  }, [screens, home])

  return { address, go }
}
