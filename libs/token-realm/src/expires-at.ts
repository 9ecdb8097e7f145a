/**
 * The token-realm API's `expires_at`: `YYYY-MM-DD HH:mm:ss ±HHMM` (`2014-04-16 13:28:19 +0400`),
 * the instant shown in the given fixed UTC offset.
 */
export function formatExpiresAt(instant: Date, utcOffsetMinutes = 0): string {
  const shifted = new Date(instant.getTime() + utcOffsetMinutes * 60_000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(utcOffsetMinutes);
  return `${date} ${time} ${sign}${pad(Math.floor(offset / 60))}${pad(offset % 60)}`;
}

/** The instant an `expires_at` string names (for clients and tests). */
export function parseExpiresAt(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an expires_at: ${text}`);
  const [, y, mo, d, h, mi, s, sign, oh, om] = match;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000);
}
