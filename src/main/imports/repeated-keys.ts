/** The table grows past this share of its slots taken: linear probing stays short. */
const MAX_LOAD = 0.75
const FIRST_CAPACITY = 1 << 16

/** Two 32-bit hashes of a key's UTF-16 code units: FNV-1a, and a multiplicative one with its own mixing. */
function hashesOf(key: string): [number, number] {
  let first = 0x811c9dc5
  let second = 0x9747b28c
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i)
    first = Math.imul(first ^ unit, 0x01000193)
    second = Math.imul(second ^ unit, 0x5bd1e995)
    second ^= second >>> 15
  }
  return [first >>> 0, second >>> 0]
}

/**
 * Finds the rows of a file whose key an earlier row gave too, in 16–32 bytes per key whatever the
 * keys (12 a slot, a table at most three quarters full): a Set of the 6 million emails of a 512 MB
 * file would hold hundreds of MB of strings for the garbage collector to walk. A key is kept as two
 * hashes with the first row that gave it, in an open-addressing table of typed arrays; a row whose
 * key hashes like an earlier one is a candidate. Candidates are only that: the keys themselves
 * settle it (`repeatsAmong`), as two different keys can share both hashes.
 */
export class RepeatedKeys {
  #first = new Uint32Array(FIRST_CAPACITY)
  #second = new Uint32Array(FIRST_CAPACITY)
  /** The first row that gave the slot's key; 0 for an empty slot (rows are numbered from 1). */
  #rows = new Int32Array(FIRST_CAPACITY)
  #size = 0
  /** Every row whose key hashed like an earlier row's, with that earlier row. */
  readonly #candidates: number[] = []

  /** Notes `row`'s key; `row` > 0, each row once. */
  add(row: number, key: string): void {
    const [first, second] = hashesOf(key)
    const found = this.#slotOf(first, second)
    if (this.#rows[found] !== 0) {
      this.#candidates.push(this.#rows[found]!, row)
      return
    }
    this.#first[found] = first
    this.#second[found] = second
    this.#rows[found] = row
    if (++this.#size > this.#rows.length * MAX_LOAD) this.#grow()
  }

  /** The rows that may repeat a key (each candidate and the earlier row it hashed like); empty when no key repeats. */
  get suspects(): ReadonlySet<number> {
    return new Set(this.#candidates)
  }

  /**
   * The keys given by more than one row, each with its rows in order, from the suspects' keys as
   * read again (`keyOf`): exact whatever the hashes did.
   */
  static repeatsAmong(keyOf: ReadonlyMap<number, string>): Map<string, number[]> {
    const rowsOf = new Map<string, number[]>()
    for (const [row, key] of keyOf) {
      const rows = rowsOf.get(key)
      if (rows) rows.push(row)
      else rowsOf.set(key, [row])
    }
    for (const [key, rows] of rowsOf) {
      if (rows.length < 2) rowsOf.delete(key)
      else rows.sort((a, b) => a - b)
    }
    return rowsOf
  }

  /** The slot holding these hashes, or the empty slot where they go. */
  #slotOf(first: number, second: number): number {
    const mask = this.#rows.length - 1
    let slot = first & mask
    while (this.#rows[slot] !== 0 && (this.#first[slot] !== first || this.#second[slot] !== second)) slot = (slot + 1) & mask
    return slot
  }

  #grow(): void {
    const [first, second, rows] = [this.#first, this.#second, this.#rows]
    this.#first = new Uint32Array(rows.length * 2)
    this.#second = new Uint32Array(rows.length * 2)
    this.#rows = new Int32Array(rows.length * 2)
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue
      const slot = this.#slotOf(first[i]!, second[i]!)
      this.#first[slot] = first[i]!
      this.#second[slot] = second[i]!
      this.#rows[slot] = rows[i]!
    }
  }
}
