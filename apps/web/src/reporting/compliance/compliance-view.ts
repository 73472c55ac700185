import { NotFoundException } from '@nestjs/common';
import { formatDate, formatDateTime, humanise } from '../../views/format.js';
import type { AuthorityRecord } from './compliance-api.js';
import { BENCHMARK_STATUSES, labelOf, STAFF_GROUPS } from './compliance-codes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not a UUID names no authority: the not-found page, as for an unknown one. */
export function authorityId(value: string): string {
  if (!UUID.test(value)) throw new NotFoundException();
  return value.toLowerCase();
}

export interface TimelineItem {
  readonly label: { readonly text: string };
  readonly byline?: { readonly text: string };
  readonly datetime: { readonly timestamp: string };
  readonly html: string;
  readonly sortKey: string;
}

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const paragraph = (text: string) => `<p class="govuk-body">${escape(text)}</p>`;

/**
 * Every recorded change of an authority, newest first, for the MoJ timeline: each assessment
 * (what, who and in which role, when, why), and the training counts and assurance statements
 * (the API gives their dates, not who recorded them).
 */
export function historyOf(record: AuthorityRecord): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const benchmark of record.benchmarks) {
    for (const entry of benchmark.history) {
      items.push({
        label: {
          text: `${humanise(benchmark.benchmark)} assessed as ${labelOf(BENCHMARK_STATUSES, entry.status).toLowerCase()}`,
        },
        byline: { text: `${humanise(entry.recordedBy.role)} (user ${entry.recordedBy.id})` },
        datetime: { timestamp: entry.assessedAt },
        html: [
          `<p class="govuk-body-s app-nowrap">Recorded ${escape(formatDateTime(entry.assessedAt))}</p>`,
          entry.reason ? paragraph(`Why: ${entry.reason}`) : '',
          paragraph(`Evidence: ${entry.evidence.reference} – ${entry.evidence.summary}`),
          paragraph(`Owner: ${entry.owner}. Next review: ${formatDate(entry.reviewDue)}.`),
        ].join(''),
        sortKey: entry.assessedAt,
      });
    }
  }
  for (const training of record.training) {
    items.push({
      label: { text: `Training recorded for ${labelOf(STAFF_GROUPS, training.staffGroup).toLowerCase()}` },
      datetime: { timestamp: training.asOf },
      html: paragraph(
        `${training.trained} of ${training.inPost} trained, as of ${formatDate(training.asOf)} (the latest count of this group).`,
      ),
      sortKey: training.asOf,
    });
  }
  for (const statement of record.assuranceStatements ?? []) {
    items.push({
      label: { text: `Assurance statement for ${statement.year} submitted` },
      datetime: { timestamp: statement.submittedOn },
      html: paragraph(`Submitted to the Home Office on ${formatDate(statement.submittedOn)}.`),
      sortKey: statement.submittedOn,
    });
  }
  return items.sort((a, b) => b.sortKey.localeCompare(a.sortKey));
}

/** Trained as a share of those in post, to the nearest whole per cent ("75%"), or "No staff in post". */
export function coverage(trained: number, inPost: number): string {
  return inPost === 0 ? 'No staff in post' : `${Math.round((trained / inPost) * 100)}%`;
}
