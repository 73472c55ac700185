import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { Backend, BackendProblem } from '../../backend/backend.js';
import { type FormErrors, formErrors, isoDate, NO_ERRORS } from '../../forms/form.js';
import { humanise } from '../../views/format.js';
import { Views } from '../../views/views.js';
import type { Account } from '../users/users.controller.js';
import { type AuditPage, decodeCursor, encodeCursor, mergePages, type Position } from './audit-merge.js';

/** The services that hold personal data and so keep a searchable audit of reads (not compliance-reporting). */
const SERVICES = ['intake', 'panel'] as const;
type AuditedService = (typeof SERVICES)[number];
const SERVICE_NAMES: Record<AuditedService, string> = { intake: 'Referral intake', panel: 'Channel panel' };

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER = /^[A-Za-z0-9._@:-]{1,128}$/;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The instant a day starts in the UK (midnight London time, GMT or BST), as ISO. */
export function londonMidnight(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(noon)
    .find((part) => part.type === 'timeZoneName')?.value;
  const hours = Number(/GMT([+-]\d+)?/.exec(offset ?? '')?.[1] ?? 0);
  return new Date(Date.parse(`${day}T00:00:00Z`) - hours * 3_600_000).toISOString();
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface SearchValues {
  readonly user: string;
  readonly person: string;
  readonly 'from-day': string;
  readonly 'from-month': string;
  readonly 'from-year': string;
  readonly 'to-day': string;
  readonly 'to-month': string;
  readonly 'to-year': string;
}

/**
 * The audit log (administrators): who read whose record, when, under which role, across the
 * services that hold personal data, searched by user, by person and by period, merged newest
 * first and paged. Every search is itself audited by each service searched.
 */
@Controller('admin/audit')
export class AuditController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('audit:search')
  async audit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const q = req.query;
    const values: SearchValues = {
      user: text(q.user),
      person: text(q.person),
      'from-day': text(q['from-day']),
      'from-month': text(q['from-month']),
      'from-year': text(q['from-year']),
      'to-day': text(q['to-day']),
      'to-month': text(q['to-month']),
      'to-year': text(q['to-year']),
    };
    // nothing is searched (nor audited) until the form is sent
    if (q.search === undefined) return this.render(res, values, NO_ERRORS);

    const failures: { field: string; message: string }[] = [];
    const accounts = this.backend.available('identity')
      ? await this.backend.get<Account[]>(req, 'identity', '/admin/users')
      : [];
    let actor: string | undefined;
    if (values.user) {
      const byName = accounts.find((account) => account.username === values.user.toLowerCase());
      if (byName) actor = byName.id;
      else if (UUID.test(values.user) || (accounts.length === 0 && USER.test(values.user))) actor = values.user;
      else failures.push({ field: 'user', message: 'Enter the username or user id of someone who has an account' });
    }
    if (values.person && !USER.test(values.person))
      failures.push({ field: 'person', message: 'Enter the person’s id as the record shows it' });
    const from = datePart(values, 'from', 'The first day', failures);
    const to = datePart(values, 'to', 'The last day', failures);
    if (from && to && to < from)
      failures.push({ field: 'to', message: 'The last day must be on or after the first day' });
    const positions = decodeCursor(SERVICES, text(q.cursor));
    if (!positions)
      failures.push({ field: 'form', message: 'That page of results is no longer available: search again' });
    if (failures.length > 0 || !positions) {
      return this.render(
        res,
        values,
        formErrors(failures, { from: 'from-day', to: 'to-day', form: 'main-content' }),
        400,
      );
    }

    const filters = {
      ...(actor ? { actor } : {}),
      ...(values.person ? { person: values.person } : {}),
      ...(from ? { from: londonMidnight(from) } : {}),
      ...(to ? { to: londonMidnight(nextDay(to)) } : {}),
    };
    const pages: Partial<Record<AuditedService, AuditPage>> = {};
    try {
      await Promise.all(
        SERVICES.filter((service) => positions[service].kind !== 'end').map(async (service) => {
          const position = positions[service] as Exclude<Position, { kind: 'end' }>;
          pages[service] = await this.backend.get<AuditPage>(req, service, '/audit/entries', {
            ...filters,
            limit: PAGE_SIZE,
            ...(position.kind === 'after' ? { after: position.id } : {}),
          });
        }),
      );
    } catch (error) {
      if (error instanceof BackendProblem && error.status === 400) {
        return this.render(
          res,
          values,
          formErrors([{ field: 'form', message: error.detail ?? 'The search was refused' }], { form: 'main-content' }),
          400,
        );
      }
      throw error;
    }
    const merged = mergePages(positions, pages, PAGE_SIZE);
    const names = new Map(accounts.map((account) => [account.id, account.username]));
    const base = new URLSearchParams({ ...values, search: '1' } as Record<string, string>);
    for (const [name, value] of [...base.entries()]) if (value === '') base.delete(name);
    const link = (cursor?: string) => {
      const params = new URLSearchParams(base);
      if (cursor) params.set('cursor', cursor);
      return `/admin/audit?${params.toString()}`;
    };
    this.render(res, values, NO_ERRORS, 200, {
      entries: merged.entries.map((entry) => ({
        ...entry,
        serviceName: SERVICE_NAMES[entry.service],
        who: names.get(entry.actor.subject),
        what: humanise(entry.action.replace(':', '-')),
      })),
      nextHref: merged.next ? link(encodeCursor(SERVICES, merged.next)) : undefined,
      firstHref: text(q.cursor) ? link() : undefined,
      searched: true,
    });
  }

  private render(
    res: Response,
    values: SearchValues,
    errors: FormErrors,
    status = 200,
    results: Record<string, unknown> = {},
  ): void {
    this.views.render(res, 'admin/audit.njk', { ...errors, values, ...results }, status);
  }
}

function datePart(
  values: SearchValues,
  prefix: 'from' | 'to',
  name: string,
  failures: { field: string; message: string }[],
): string | undefined {
  const parts = [values[`${prefix}-day`], values[`${prefix}-month`], values[`${prefix}-year`]];
  if (parts.every((part) => part === '')) return undefined;
  const day = isoDate(parts[0], parts[1], parts[2]);
  if (!day) failures.push({ field: prefix, message: `${name} must be a real date, for example 21 11 2026` });
  return day;
}
