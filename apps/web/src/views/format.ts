const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** GOV.UK style: "21 November 2026". */
export function formatDate(value: unknown): string {
  const date = asDate(value);
  return date ? DATE.format(date) : '';
}

/** GOV.UK style: "21 November 2026 at 2:05pm" (UK time). */
export function formatDateTime(value: unknown): string {
  const date = asDate(value);
  if (!date) return '';
  return `${DATE.format(date)} at ${TIME.format(date).replace(/\s/g, '').toLowerCase()}`;
}

/** A code as words: "referred-to-channel" → "Referred to channel". */
export function humanise(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const words = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in England and Wales, as `YYYY-MM-DD`. */
export function londonToday(now = new Date()): string {
  return LONDON_DAY.format(now);
}
