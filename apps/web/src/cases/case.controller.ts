import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { may } from '../auth/web-access.js';
import type { SignedInUser } from '../session/session-data.js';
import { Views } from '../views/views.js';
import { STATUS_CHANGES, statusTag, words } from './case-codes.js';
import { isProviderView, peopleOf, timelineItems, who, type People } from './case-people.js';
import { CasePanel, caseIdOf } from './case-panel.js';
import { caseView, type CaseRecord, type CaseSummary, type CaseView } from './case-view.js';

interface ActionLink {
  readonly href: string;
  readonly text: string;
}

/** The actions the user may take on the case as it stands, as links to their form pages. */
export function actionsFor(user: SignedInUser | undefined, view: CaseView): ActionLink[] {
  const base = `/cases/${view.caseId}`;
  const manage = may(user, 'case:manage');
  const decide = may(user, 'case:decide');
  const active = view.status === 'open' || view.status === 'adopted';
  const links: ActionLink[] = [];
  if (manage && active) {
    links.push({ href: `${base}/listing`, text: 'List for a panel meeting' });
    links.push({ href: `${base}/information-requests/new`, text: 'Request information from a partner' });
    links.push({ href: `${base}/assessments/new`, text: 'Record an assessment' });
  }
  if (manage && view.status === 'adopted' && view.consent !== 'given') {
    links.push({ href: `${base}/consent`, text: 'Record consent to support' });
  }
  if (manage && view.status === 'adopted' && view.consent === 'given') {
    links.push({ href: `${base}/interventions/new`, text: 'Add an intervention to the support plan' });
    links.push({ href: `${base}/consent`, text: 'Record a withdrawal of consent' });
  }
  if (decide && view.status === 'adopted') links.push({ href: `${base}/review`, text: 'Record a review' });
  if (decide && (view.status === 'adopted' || view.consentWithdrawnWithPolice)) {
    links.push({ href: `${base}/exit`, text: 'Exit the case' });
  }
  if (manage && view.status === 'closed' && view.postExitReviews.some((review) => !review.completed)) {
    links.push({ href: `${base}/post-exit-reviews/new`, text: 'Record a post-exit review' });
  }
  if (manage && active) links.push({ href: `${base}/transfer`, text: 'Transfer to another area' });
  if (manage) links.push({ href: `${base}/personal-details`, text: 'Correct the person’s details' });
  if (decide && active) links.push({ href: `${base}/return-to-police`, text: 'Return to the police' });
  return links;
}

/**
 * A Channel case: its summary (the person, the process so far, what may happen next), its support
 * plan and its timeline, under one sub-navigation. An intervention provider gets what the API
 * gives them: the case's stage and the interventions they deliver, with their own timeline.
 */
@Controller('cases/:id')
export class CaseController {
  constructor(
    @Inject(CasePanel) private readonly panel: CasePanel,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('case:read')
  async summary(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    caseIdOf(id);
    if (isProviderView(req.session.user)) return this.providerPage(req, res, id);
    const { record } = await this.panel.read(req, id);
    const view = caseView(record);
    this.views.render(res, 'cases/case.njk', {
      ...this.common(req, view, 'summary'),
      actions: actionsFor(req.session.user, view),
      mayDecideAtMeeting: may(req.session.user, 'case:decide') && view.status === 'open',
    });
  }

  @Get('support-plan')
  @Allow('case:read')
  async supportPlan(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    caseIdOf(id);
    if (isProviderView(req.session.user)) return this.providerPage(req, res, id);
    const { record } = await this.panel.read(req, id);
    const view = caseView(record);
    const people = await this.people(req);
    this.views.render(res, 'cases/support-plan.njk', {
      ...this.common(req, view, 'support-plan'),
      interventions: this.interventions(req, view, people),
      mayAdd: may(req.session.user, 'case:manage') && view.status === 'adopted' && view.consent === 'given',
    });
  }

  @Get('timeline')
  @Allow('case:read')
  async timeline(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    caseIdOf(id);
    const timeline = await this.panel.timeline(req, id);
    const provider = timeline.view === 'provider';
    let view: CaseView | undefined;
    let summary: CaseSummary | undefined;
    if (provider) summary = await this.panel.summary(req, id);
    else view = caseView((await this.panel.read(req, id)).record);
    const people = await this.people(req);
    this.views.render(res, 'cases/timeline.njk', {
      caseId: id,
      provider,
      heading: view?.person.name || 'Channel case',
      tag: view ? statusTag(view.status, view.deferred) : statusTag(summary?.status ?? ''),
      tabs: this.tabs(id, 'timeline', provider),
      words,
      items: timelineItems(timeline, people),
    });
  }

  /**
   * An intervention provider's page for a case: its stage from the (narrowed) list and the
   * interventions they deliver from the (narrowed) timeline. Not theirs: not found.
   */
  private async providerPage(req: Request, res: Response, id: string) {
    const timeline = await this.panel.timeline(req, id);
    const summary = await this.panel.summary(req, id);
    if (!summary) throw new NotFoundException();
    const record: CaseRecord = {
      caseId: id,
      subjectId: '',
      status: 'adopted',
      area: timeline.area,
      revision: summary.revision,
      events: timeline.entries
        .filter((entry) => entry.source === 'case')
        .map((entry) => ({
          type: entry.type,
          revision: entry.revision,
          recordedAt: entry.recordedAt,
          actor: entry.actor,
          data: entry.data,
        })),
    };
    const view = caseView(record);
    const people = await this.people(req);
    this.views.render(res, 'cases/provider-case.njk', {
      caseId: id,
      summary,
      tag: statusTag(summary.status),
      tabs: this.tabs(id, 'summary', true),
      words,
      interventions: this.interventions(
        req,
        { ...view, status: summary.status === 'adopted' ? 'adopted' : 'closed' },
        people,
      ),
    });
  }

  private common(req: Request, view: CaseView, current: string) {
    return {
      case: view,
      caseId: view.caseId,
      heading: view.person.name || 'Channel case',
      tag: statusTag(view.status, view.deferred),
      tabs: this.tabs(view.caseId, current, false),
      words,
      mayManage: may(req.session.user, 'case:manage'),
    };
  }

  /** The support plan's interventions, each with the actions the user may take on it now. */
  private interventions(req: Request, view: CaseView, people: People) {
    const user = req.session.user;
    const base = `/cases/${view.caseId}/interventions`;
    const adopted = view.status === 'adopted';
    return view.interventions.map((intervention) => {
      const mine = !isProviderView(user) || intervention.providerId === user?.sub;
      const actions: ActionLink[] = [];
      if (adopted && may(user, 'case:record-session') && mine && intervention.status === 'active') {
        actions.push({ href: `${base}/${intervention.interventionId}/sessions/new`, text: 'Record a session' });
      }
      if (adopted && may(user, 'case:record-session') && mine && ['active', 'paused'].includes(intervention.status)) {
        actions.push({ href: `${base}/${intervention.interventionId}/progress`, text: 'Record progress' });
      }
      if (adopted && may(user, 'case:manage') && (STATUS_CHANGES[intervention.status] ?? []).length > 0) {
        actions.push({ href: `${base}/${intervention.interventionId}/status`, text: 'Change its status' });
      }
      return {
        ...intervention,
        provider: intervention.providerId
          ? (people.get(intervention.providerId) ??
            `Intervention provider (user ${intervention.providerId.slice(0, 8)})`)
          : '',
        sessions: intervention.sessions.map((session) => ({ ...session, who: who(session.by, people) })),
        progress: intervention.progress.map((entry) => ({ ...entry, who: who(entry.by, people) })),
        actions,
      };
    });
  }

  private tabs(id: string, current: string, provider: boolean) {
    return [
      { href: `/cases/${id}`, text: provider ? 'Case and support' : 'Summary', active: current === 'summary' },
      ...(provider
        ? []
        : [{ href: `/cases/${id}/support-plan`, text: 'Support plan', active: current === 'support-plan' }]),
      { href: `/cases/${id}/timeline`, text: 'Timeline', active: current === 'timeline' },
    ];
  }

  /** The people the page can name: the user, and (for those who assign them) the intervention providers. */
  private async people(req: Request): Promise<People> {
    if (!may(req.session.user, 'case:manage')) return peopleOf(req.session.user);
    const directory = await this.panel.providers(req).catch(() => ({ items: [] }));
    return peopleOf(req.session.user, directory.items);
  }
}
