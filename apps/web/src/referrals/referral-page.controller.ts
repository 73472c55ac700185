import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { may } from '../auth/web-access.js';
import { BackendProblem } from '../backend/backend.js';
import { Views } from '../views/views.js';
import {
  IntakeApi,
  isErased,
  referralIdOf,
  type ReferralRecord,
  type ReferralSummary,
  type SubjectMatch,
  type SubjectRecord,
} from './intake-api.js';
import { areaName, label, OUTCOME_OPTIONS, statusTag } from './referral-codes.js';
import {
  informationRequests,
  nameOf,
  personRows,
  profileRows,
  referralFacts,
  shortReference,
  statusOf,
  textOf,
  timeline,
  whoIs,
} from './referral-view.js';

/** A referral of the subject's, as the "earlier referrals" tables show it. */
function summaryRow(summary: ReferralSummary) {
  return {
    id: summary.referralId,
    reference: shortReference(summary.referralId),
    receivedAt: summary.receivedAt,
    status: statusTag(summary.status),
    outcome: summary.decision ? label(OUTCOME_OPTIONS, summary.decision.outcome) : '',
    area: areaName(summary.area),
  };
}

/**
 * The earlier referrals of the person: the intake's subject matches (`GET /subjects/matches`,
 * fuzzy on names and date of birth, each record offered audited) give the person's own referrals
 * and other records that may be the same person. Without a date of birth or a name (erased) the
 * intake cannot search, and the page says so.
 */
async function earlierReferrals(intake: IntakeApi, req: Request, referral: ReferralRecord, subject: SubjectRecord) {
  const name = subject.details.name;
  const dateOfBirth = subject.details.dateOfBirth;
  if (!name || isErased(name) || typeof dateOfBirth !== 'string') {
    return { searched: false as const, own: [], others: [], current: undefined };
  }
  const matches: SubjectMatch[] = await intake.matches(req, {
    givenName: name.givenNames,
    familyName: name.familyName,
    dateOfBirth,
  });
  const own = matches.find((match) => match.subjectId === subject.subjectId);
  const current = own?.referrals.find((summary) => summary.referralId === referral.referralId);
  return {
    searched: true as const,
    current,
    own: (own?.referrals ?? []).filter((summary) => summary.referralId !== referral.referralId).map(summaryRow),
    others: matches
      .filter((match) => match.subjectId !== subject.subjectId)
      .map((match) => ({
        subjectId: match.subjectId,
        reference: shortReference(match.subjectId),
        name: nameOf(match.name),
        dateOfBirth: textOf(match.dateOfBirth),
        strength: match.strength,
        namesTransposed: match.namesTransposed,
        area: areaName(match.area),
        referrals: match.referrals.map(summaryRow),
      })),
  };
}

/**
 * The referral's page: the person, the concern, where it stands, the earlier referrals, the
 * timeline of every decision, and the actions the user's roles allow now.
 */
@Controller('referrals')
export class ReferralPageController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(IntakeApi) private readonly intake: IntakeApi,
  ) {}

  @Get(':id')
  @Allow('referral:read')
  async show(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const id = referralIdOf(param);
    const user = req.session.user!;
    const [{ value: referral }, history] = await Promise.all([
      this.intake.referral(req, id),
      this.intake.history(req, id),
    ]);
    const subject = may(user, 'subject:read')
      ? await this.intake.subject(req, referral.subjectId).then(
          (read) => read.value,
          (error: unknown) => {
            if (error instanceof BackendProblem && error.status === 404) return undefined;
            throw error;
          },
        )
      : undefined;
    const earlier = subject
      ? await earlierReferrals(this.intake, req, referral, subject)
      : { searched: false as const, own: [], others: [], current: undefined };
    const status = statusOf(referral);
    const facts = referralFacts(referral);
    const open = referral.status === 'open';
    const requests = informationRequests(referral);
    const decidedBy = facts.decision?.by;
    const actions = {
      acknowledge: open && !referral.acknowledged && may(user, 'referral:triage'),
      assign: (open || referral.status === 'decided') && may(user, 'referral:assign'),
      deconfliction: open && referral.deconfliction !== 'clear' && may(user, 'referral:triage'),
      requestInformation: open && may(user, 'referral:triage'),
      reply: open && may(user, 'referral:triage'),
      assess: open && may(user, 'referral:triage'),
      decide: open && may(user, 'referral:decide'),
      signOff:
        referral.status === 'decided' &&
        !referral.signedOff &&
        may(user, 'referral:sign-off') &&
        decidedBy !== user.sub,
      withdraw: open && may(user, 'referral:withdraw'),
      correct: referral.status !== 'withdrawn' && subject !== undefined && may(user, 'subject:correct'),
    };
    const decisionBlockers = [
      ...(referral.deconfliction !== 'clear' ? ['record de-confliction as clear'] : []),
      ...(!referral.assessed ? ['record the gateway assessment'] : []),
    ];
    this.views.render(res, 'referrals/referral.njk', {
      id,
      reference: shortReference(id),
      status: statusTag(status),
      statusCode: status,
      referral,
      facts,
      profile: profileRows(referral),
      person: subject ? personRows(subject) : undefined,
      personName: subject ? nameOf(subject.details.name) : undefined,
      officer: whoIs(referral.officerId, user),
      decidedBy: whoIs(decidedBy, user),
      signedOffBy: whoIs(facts.signOff?.by, user),
      awaitingSignOff: referral.status === 'decided' && !referral.signedOff,
      signOffByDecider: referral.status === 'decided' && !referral.signedOff && decidedBy === user.sub,
      requests,
      earlier,
      overdue: earlier.current?.overdue ?? false,
      ageInWorkingDays: earlier.current?.ageInWorkingDays,
      timeline: timeline(history.entries, user),
      actions,
      anyAction: Object.values(actions).some(Boolean),
      decisionBlockers,
      backLink: { href: '/referrals', text: 'Back to referrals' },
    });
  }
}
