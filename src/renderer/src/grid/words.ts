/** A noun for a count: "1 user", "2 users", "3 agencies". */
export const nouns = (n: number, noun: string) => (n === 1 ? noun : noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`)
