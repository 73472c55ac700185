/**
 * Panel meetings happen in England and Wales: the date and time a user types are UK local time
 * (GMT or BST), and the service holds the instant.
 */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time as people type it ("2pm", "2:30pm", "14:30", "14.30", "9am") as hours and minutes, or undefined. */
export function parseTime(value: unknown): { hours: number; minutes: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(value.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.replace(/\./g, '').toLowerCase();
  if (minutes > 59) return undefined;
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  } else if (match[2] === undefined || hours > 23) {
    // "14" alone is ambiguous enough to ask again; "14:00" is not
    return undefined;
  }
  return { hours, minutes };
}

/** The offset of UK local time from UTC at an instant, in milliseconds (0 in winter, 1 h in summer). */
function londonOffset(instant: number): number {
  const parts = Object.fromEntries(LONDON.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return local - Math.floor(instant / 60_000) * 60_000;
}

/** The instant (ISO) of a UK local date (`YYYY-MM-DD`) and time. */
export function londonInstant(isoDate: string, time: { hours: number; minutes: number }): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, time.hours, time.minutes);
  let instant = asUtc - londonOffset(asUtc);
  // near a clock change the first guess can sit on the other side of it
  instant = asUtc - londonOffset(instant);
  return new Date(instant).toISOString();
}

/** "14:30" in UK local time, for putting an instant back into the time field. */
export function londonTime(iso: string): string {
  const parts = Object.fromEntries(LONDON.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.hour}:${parts.minute}`;
}
