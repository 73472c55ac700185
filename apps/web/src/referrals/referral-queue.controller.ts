import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { may } from '../auth/web-access.js';
import { Views } from '../views/views.js';
import { IntakeApi } from './intake-api.js';
import {
  areaName,
  CONCERN_TYPE_OPTIONS,
  concernTypeLabel,
  label,
  OUTCOME_OPTIONS,
  QUEUE_STATUSES,
  SECTOR_OPTIONS,
  STATUS_OPTIONS,
  statusTag,
} from './referral-codes.js';
import { dueDate, overdueWorkingDays, shortReference, whoIs } from './referral-view.js';

const PAGE_SIZE = 25;
const SECTORS = SECTOR_OPTIONS.map((option) => option.value as string);
const CONCERN_TYPES = CONCERN_TYPE_OPTIONS.map((option) => option.value);

/** The queue's filters as the address carries them; anything else in the address is ignored. */
interface QueueFilters {
  readonly status?: string;
  readonly mine?: 'yes';
  readonly overdue?: 'yes' | 'no';
  readonly sector?: string;
  readonly concernType?: string;
  readonly sort: 'oldest' | 'newest';
  readonly page: number;
}

function filtersOf(query: Record<string, unknown>): QueueFilters {
  const one = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const status = one('status');
  const sector = one('sector');
  const concernType = one('concernType');
  const overdue = one('overdue');
  const page = Number.parseInt(one('page') ?? '1', 10);
  return {
    ...(status && (QUEUE_STATUSES as readonly string[]).includes(status) ? { status } : {}),
    ...(one('mine') === 'yes' ? { mine: 'yes' as const } : {}),
    ...(overdue === 'yes' || overdue === 'no' ? { overdue } : {}),
    ...(sector && SECTORS.includes(sector) ? { sector } : {}),
    ...(concernType && CONCERN_TYPES.includes(concernType) ? { concernType } : {}),
    sort: one('sort') === 'newest' ? 'newest' : 'oldest',
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
}

/** The address of the queue with these filters (empty ones left out, the first page unless said). */
function queueHref(filters: QueueFilters, change: Partial<Record<keyof QueueFilters, string | number | undefined>>) {
  const merged: Record<string, string | number | undefined> = { ...filters, page: undefined, ...change };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined || value === '') continue;
    if (name === 'sort' && value === 'oldest') continue;
    if (name === 'page' && value === 1) continue;
    params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `/referrals?${query}` : '/referrals';
}

/**
 * The police queue of the user's area: every referral with its status, officer, age and flags,
 * filtered and paged by the intake (`GET /referrals`). The queue shows no names: the intake's list
 * carries none (ADR 041: reading it is audited once per page, not per person), so the person is
 * shown as the short reference of their record, and their name on the referral's own page.
 */
@Controller('referrals')
export class ReferralQueueController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(IntakeApi) private readonly intake: IntakeApi,
  ) {}

  @Get()
  @Allow('referral:read')
  async queue(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = req.session.user!;
    const filters = filtersOf(query);
    const page = await this.intake.queue(req, {
      status: filters.status,
      officer: filters.mine ? user.sub : undefined,
      overdue: filters.overdue === 'yes' ? true : filters.overdue === 'no' ? false : undefined,
      sector: filters.sector,
      concernType: filters.concernType,
      sort: filters.sort === 'newest' ? 'received' : 'age',
      limit: PAGE_SIZE,
      offset: (filters.page - 1) * PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    const rows = page.items.map((item) => ({
      id: item.referralId,
      reference: shortReference(item.referralId),
      receivedAt: item.receivedAt,
      person: shortReference(item.subjectId),
      seenBefore: item.seenBefore,
      sector: label(SECTOR_OPTIONS, item.sector),
      partnerForm: item.receivedVia === 'partner-form',
      concernTypes: item.concernTypes.codes.map(concernTypeLabel).join(', '),
      status: statusTag(item.status),
      outcome: item.decision ? label(OUTCOME_OPTIONS, item.decision.outcome) : undefined,
      officer: item.officerId
        ? item.officerId === user.sub
          ? 'You'
          : `User ${item.officerId.slice(0, 8)}…`
        : undefined,
      due: dueDate(item),
      ageInWorkingDays: item.ageInWorkingDays,
      overdue: item.overdue,
      area: areaName(item.area),
    }));
    const selected = [
      filters.status && {
        heading: 'Status',
        text: label(STATUS_OPTIONS, filters.status),
        remove: { status: undefined },
      },
      filters.mine && { heading: 'Assigned', text: 'Assigned to me', remove: { mine: undefined } },
      filters.overdue && {
        heading: 'Overdue',
        text: filters.overdue === 'yes' ? 'Overdue only' : 'Not overdue',
        remove: { overdue: undefined },
      },
      filters.sector && {
        heading: 'Sector',
        text: label(SECTOR_OPTIONS, filters.sector),
        remove: { sector: undefined },
      },
      filters.concernType && {
        heading: 'Type of concern',
        text: concernTypeLabel(filters.concernType),
        remove: { concernType: undefined },
      },
    ]
      .filter((item): item is Exclude<typeof item, '' | undefined> => Boolean(item))
      .map((item) => ({
        heading: { text: item.heading },
        items: [{ href: queueHref(filters, item.remove), text: item.text }],
      }));
    const first = page.total === 0 ? 0 : page.offset + 1;
    this.views.render(res, 'referrals/queue.njk', {
      filters,
      rows,
      total: page.total,
      first,
      last: page.offset + page.items.length,
      selectedFilters: selected.length ? selected : undefined,
      clearHref: queueHref({ sort: filters.sort, page: 1 }, {}),
      sortHref: queueHref(filters, { sort: filters.sort === 'oldest' ? 'newest' : 'oldest' }),
      pagination: {
        ...(filters.page > 1 ? { previous: { href: queueHref(filters, { page: filters.page - 1 }) } } : {}),
        ...(filters.page < pages ? { next: { href: queueHref(filters, { page: filters.page + 1 }) } } : {}),
        items: Array.from({ length: pages }, (_, index) => index + 1)
          .filter((number) => number === 1 || number === pages || Math.abs(number - filters.page) <= 2)
          .flatMap((number, index, shown) => [
            ...(index > 0 && number - shown[index - 1]! > 1 ? [{ ellipsis: true }] : []),
            {
              number,
              href: queueHref(filters, { page: number }),
              ...(number === filters.page ? { current: true } : {}),
            },
          ]),
      },
      pages,
      statusOptions: STATUS_OPTIONS,
      sectorOptions: SECTOR_OPTIONS,
      concernTypeOptions: CONCERN_TYPE_OPTIONS,
      mayCreate: may(user, 'referral:create'),
      you: whoIs(user.sub, user),
      userId: user.sub,
      workingDays: overdueWorkingDays(),
    });
  }
}
