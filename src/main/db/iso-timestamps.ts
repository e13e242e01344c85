/**
 * A timestamptz as PostgreSQL prints it in ISO DateStyle ('2026-11-15 01:18:29.95+00') rewritten
 * to JavaScript's ISO form ('2026-11-15T01:18:29.950Z'), exactly as `isoText` has the server print
 * it: milliseconds truncated, and null for ±infinity (to_char's null). Roster's sessions print in
 * UTC (TimeZone, src/main/db/client.ts), so the usual text is only cut and joined; any other
 * offset (a session zone set by someone else, a zone's old local mean time of hours, minutes and
 * seconds) is counted back to UTC.
 */
export function isoFromTimestamptz(text: string): string | null {
  // 'YYYY-MM-DD HH:MI:SS' then '.f' to '.ffffff' or nothing, then '+00'.
  const length = text.length
  if (text.endsWith('+00') && text[10] === ' ' && (length === 22 || (length >= 24 && length <= 29 && text[19] === '.'))) {
    const millis = length === 22 ? '000' : (text.slice(20, -3) + '00').slice(0, 3)
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${millis}Z`
  }
  return fromOtherOffset(text)
}

const PRINTED = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/

function fromOtherOffset(text: string): string | null {
  if (text === 'infinity' || text === '-infinity') return null
  const parts = PRINTED.exec(text)
  if (!parts) throw new Error(`A timestamp came back from the database as "${text}", not in ISO form`)
  const [year, month, day, hours, minutes, seconds, fraction = '', sign, offsetHours, offsetMinutes = '0', offsetSeconds = '0', bc] = parts.slice(1)
  const local = new Date(0)
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999. 1 BC is the year 0.
  local.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day))
  local.setUTCHours(Number(hours), Number(minutes), Number(seconds), Number((fraction + '00').slice(0, 3)))
  const offsetMs = (sign === '-' ? -1 : 1) * ((Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 + Number(offsetSeconds)) * 1000
  const utc = new Date(local.getTime() - offsetMs)
  const iso = utc.toISOString()
  const utcYear = utc.getUTCFullYear()
  if (utcYear >= 1 && utcYear <= 9999) return iso
  // As to_char's YYYY prints a year JavaScript writes with a sign ('+010000', '-000043'): its number,
  // a BC year's counted back from 1 BC, in at least four digits.
  return String(utcYear < 1 ? 1 - utcYear : utcYear).padStart(4, '0') + iso.slice(iso.indexOf('-', 1))
}
