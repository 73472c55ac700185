import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '@lib/testing';
import {
  AREA,
  AT,
  CASE_ID,
  MEETING_ID,
  NOW,
  OTHER_AREA,
  SUBJECT_ID,
  aCaseAdopted,
  aCaseClosed,
  aCaseListed,
  aCaseOpened,
  aConsentGiven,
  aDecideCase,
  aMeeting,
  aRecordConsent,
  aSupportedCase,
  anInterventionPlanned,
  anOpenCase,
  sealed,
} from './channel-case.builders.js';
import type { ChannelCaseCommand } from './channel-case.commands.js';
import { ageOn } from './channel-case.commands.js';
import {
  AssessmentAnswersInvalidError,
  AssessmentChangesRequiredError,
  CaseAlreadyDecidedError,
  CaseAlreadyOpenedError,
  CaseClosedError,
  CaseNotAdoptedError,
  CaseNotClosedError,
  CaseNotFoundError,
  CaseNotOnAgendaError,
  CaseProfileRequiredError,
  CaseWithPoliceError,
  ConsentAlreadyGivenError,
  ConsentNotGivenError,
  ConsentNotWithdrawnError,
  ConsenterRequiredError,
  InformationRequestAlreadyAnsweredError,
  InformationRequestExistsError,
  InformationRequestNotFoundError,
  InterventionExistsError,
  InterventionNotFoundError,
  InterventionNotRunningError,
  InterventionStatusChangeError,
  InterventionTypeUnknownError,
  MeetingCancelledError,
  MeetingInAnotherAreaError,
  MeetingNotQuorateError,
  NothingToCorrectError,
  NotTheInterventionProviderError,
  ParentOrGuardianConsentRequiredError,
  PostExitReviewAlreadyRecordedError,
  ReferralIdMismatchError,
  ReferredToNotApplicableError,
  ReferredToRequiredError,
  RiskViewRequiredError,
  SubjectAgeUnknownError,
  SubjectConsentRequiredError,
  TransferToSameAreaError,
} from './channel-case.errors.js';
import type { ChannelCaseEvent } from './channel-case.events.js';
import {
  currentPersonalDetails,
  decide,
  evolve,
  initialState,
  postExitReviewsAfter,
  type ChannelCase,
} from './channel-case.js';

const given = deciderSpec<ChannelCaseCommand, ChannelCaseEvent, ChannelCase>({
  decide: (command, state) => decide(command, state, NOW),
  evolve,
  initialState,
});

const TEMPLATE = {
  id: 'engagement-intent-capability',
  version: 1,
  dimensions: ['engagement', 'intent', 'capability'].map((code) => ({
    code,
    ratings: [{ code: 'low' }, { code: 'medium' }, { code: 'high' }],
  })),
};
const ANSWERS = ['engagement', 'intent', 'capability'].map((dimension) => ({
  dimension,
  rating: 'medium',
  notes: sealed(dimension),
}));
const adopted = (): ChannelCaseEvent[] => [aCaseOpened(), aCaseListed(), ...aCaseAdopted()];
const consenting = (): ChannelCaseEvent[] => [...adopted(), aConsentGiven()];
const returned = (reason: string, riskView = true) => ({
  type: 'CaseReturnedToPolice',
  data: {
    caseId: CASE_ID,
    referralId: CASE_ID,
    reason,
    ...(riskView ? { riskView: sealed('risk') } : {}),
    returnedAt: AT,
  },
});

describe('opening a case', () => {
  it('opens a case from a police referral, carrying the sealed details as they came', () => {
    const { type: _type, ...data } = anOpenCase();
    given([])
      .when(anOpenCase())
      .then([{ type: 'CaseOpened', data: { ...data, openedAt: AT } }]);
  });

  it('opens nothing twice when the referral is delivered again', () =>
    given([aCaseOpened()]).when(anOpenCase()).thenNothingHappens());

  it('refuses another opening on the same case id', () =>
    given([aCaseOpened()])
      .when(anOpenCase({ origin: 'local-authority', referralId: undefined }))
      .thenThrows(CaseAlreadyOpenedError));

  it('refuses a police referral whose case id is not the referral id', () =>
    given([])
      .when(anOpenCase({ referralId: SUBJECT_ID }))
      .thenThrows(ReferralIdMismatchError));

  it('opens a case by the local authority with its own statistical profile', () => {
    const events = decide(anOpenCase({ origin: 'local-authority', referralId: undefined }), initialState(), NOW);
    expect(events[0]?.data).toMatchObject({ origin: 'local-authority', sector: 'education', ageAtReferral: 15 });
    expect(events[0]?.data).not.toHaveProperty('referralId');
  });

  it('refuses a local-authority case without its statistical profile', () =>
    given([])
      .when(anOpenCase({ origin: 'local-authority', referralId: undefined, ageAtReferral: undefined }))
      .thenThrows(CaseProfileRequiredError, (error) => expect(error.field).toBe('ageAtReferral')));
});

describe('a re-referral of the same referral', () => {
  const again = anOpenCase({
    area: OTHER_AREA,
    region: 'E12000005',
    referredAt: '2025-09-01T09:00:00.000Z',
    personalDetails: { name: sealed('name 2'), dateOfBirth: sealed('dob 2'), concern: sealed('concern 2') },
  });
  const reReferred = (previousStatus: 'with-police' | 'not-adopted' | 'closed'): ChannelCaseEvent => ({
    type: 'CaseReReferred',
    data: {
      caseId: CASE_ID,
      referralId: CASE_ID,
      previousStatus,
      area: OTHER_AREA,
      region: 'E12000005',
      sector: 'education',
      concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
      ageAtReferral: 15,
      gender: 'male',
      referredAt: '2025-09-01T09:00:00.000Z',
      personalDetails: { name: sealed('name 2'), dateOfBirth: sealed('dob 2'), concern: sealed('concern 2') },
      reReferredAt: AT,
    },
  });
  const notAdopted: ChannelCaseEvent = {
    type: 'CaseNotAdopted',
    data: {
      caseId: CASE_ID,
      meetingId: MEETING_ID,
      outcome: 'no-further-action',
      rationale: sealed('nfa'),
      decidedAt: AT,
    },
  };

  it('reopens a case the panel returned to the police, with the new referral’s details', () =>
    given([...adopted(), returned('consent-refused') as ChannelCaseEvent])
      .when(again)
      .then([reReferred('with-police')]));

  it('reopens a case the panel did not adopt', () =>
    given([aCaseOpened(), aCaseListed(), notAdopted])
      .when(again)
      .then([reReferred('not-adopted')]));

  it('reopens an exited case', () =>
    given([...aSupportedCase(), aCaseClosed()])
      .when(again)
      .then([reReferred('closed')]));

  it('opens nothing when the case is still before the panel', () =>
    given(aSupportedCase()).when(again).thenNothingHappens());

  it('refuses a local-authority opening on a returned case', () =>
    given([...adopted(), returned('risk-escalated') as ChannelCaseEvent])
      .when(anOpenCase({ origin: 'local-authority', referralId: undefined }))
      .thenThrows(CaseAlreadyOpenedError));

  it('leaves the reopened case open for a new decision, in the new area, its history kept', () => {
    const state = [...adopted(), returned('risk-escalated') as ChannelCaseEvent, reReferred('with-police')].reduce(
      evolve,
      initialState(),
    );
    expect(state).toMatchObject({ status: 'open', area: OTHER_AREA, meetingsListed: [MEETING_ID], discussed: true });
    expect(decide(aDecideCase({ meeting: aMeeting({ area: OTHER_AREA }) }), state, NOW).map((e) => e.type)).toEqual([
      'CaseDiscussedAtPanel',
      'CaseAdopted',
    ]);
  });

  it('asks the next assessment what changed since the last one', () => {
    const assess = {
      type: 'RecordAssessment',
      caseId: CASE_ID,
      template: TEMPLATE,
      answers: ANSWERS,
      summaryConclusion: sealed('summary'),
    } as const;
    const first = decide(assess, [aCaseOpened()].reduce(evolve, initialState()), NOW);
    given([aCaseOpened(), ...first, notAdopted, reReferred('not-adopted')])
      .when(assess)
      .thenThrows(AssessmentChangesRequiredError);
  });
});

describe('correcting the person’s details', () => {
  const correction = {
    type: 'CorrectPersonalDetails',
    caseId: CASE_ID,
    corrected: { dateOfBirth: sealed('2009-03-04') },
    reason: sealed('from the school'),
  } as const;
  const opened = aCaseOpened({ personalDetails: { name: sealed('name'), concern: sealed('concern') } });

  it('records a date of birth the case did not have', () =>
    given([opened])
      .when(correction)
      .then([
        {
          type: 'PersonalDetailsCorrected',
          data: {
            caseId: CASE_ID,
            corrected: { dateOfBirth: sealed('2009-03-04') },
            reason: sealed('from the school'),
            correctedAt: AT,
          },
        },
      ]));

  it('then knows the person’s date of birth', () => {
    const before = [opened].reduce(evolve, initialState());
    const events = decide(correction, before, NOW);
    expect(before).toMatchObject({ hasDateOfBirth: false });
    expect(events.reduce(evolve, before)).toMatchObject({ hasDateOfBirth: true });
  });

  it('refuses a correction that corrects nothing', () =>
    given([opened])
      .when({ ...correction, corrected: {} })
      .thenThrows(NothingToCorrectError));

  it('refuses a correction of a case that does not exist', () =>
    given([]).when(correction).thenThrows(CaseNotFoundError));

  it('reads the current details: the opening’s, replaced by a re-referral’s, with each correction applied', () => {
    expect(currentPersonalDetails([opened])?.dateOfBirth).toBeUndefined();
    const corrected = decide(correction, [opened].reduce(evolve, initialState()), NOW);
    expect(currentPersonalDetails([opened, ...corrected])).toEqual({
      name: sealed('name'),
      dateOfBirth: sealed('2009-03-04'),
      concern: sealed('concern'),
    });
    const reReferred = {
      type: 'CaseReReferred',
      data: { personalDetails: { name: sealed('name 2'), concern: sealed('concern 2') } },
    };
    expect(currentPersonalDetails([opened, ...corrected, reReferred])).toEqual({
      name: sealed('name 2'),
      dateOfBirth: sealed('2009-03-04'),
      concern: sealed('concern 2'),
    });
  });
});

describe('transferring a case', () => {
  const transfer = {
    type: 'TransferCase',
    caseId: CASE_ID,
    toArea: OTHER_AREA,
    toRegion: 'E12000005',
    reason: sealed('moved'),
  } as const;

  it('moves the case with its history to another area', () =>
    given([aCaseOpened()])
      .when(transfer)
      .then([
        {
          type: 'CaseTransferred',
          data: {
            caseId: CASE_ID,
            fromArea: AREA,
            toArea: OTHER_AREA,
            toRegion: 'E12000005',
            reason: sealed('moved'),
            transferredAt: AT,
          },
        },
      ]));

  it('refuses a transfer to the same area', () =>
    given([aCaseOpened()])
      .when({ ...transfer, toArea: AREA })
      .thenThrows(TransferToSameAreaError));

  it('refuses an unknown case', () => given([]).when(transfer).thenThrows(CaseNotFoundError));

  it('refuses a closed case', () =>
    given([...aSupportedCase(), aCaseClosed()])
      .when(transfer)
      .thenThrows(CaseClosedError));
});

describe('the information-sharing log', () => {
  const request = {
    type: 'RequestInformation',
    caseId: CASE_ID,
    requestId: 'req-1',
    partnerAgency: 'education',
    partner: sealed<{ organisation: string }>('school'),
    lawfulBasis: 'uk-gdpr-6-1-e-public-task',
    request: sealed('attendance?'),
  } as const;
  const requested: ChannelCaseEvent = {
    type: 'InformationRequested',
    data: {
      caseId: CASE_ID,
      requestId: 'req-1',
      partnerAgency: 'education',
      partner: sealed('school'),
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      request: sealed('attendance?'),
      requestedAt: AT,
    },
  };
  const answer = {
    type: 'RecordInformationReceived',
    caseId: CASE_ID,
    requestId: 'req-1',
    lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
    information: sealed('answer'),
  } as const;

  it('records a request with its lawful basis', () => given([aCaseOpened()]).when(request).then([requested]));

  it('refuses a request id used twice', () =>
    given([aCaseOpened(), requested]).when(request).thenThrows(InformationRequestExistsError));

  it('records the answer and its lawful basis', () =>
    given([aCaseOpened(), requested])
      .when(answer)
      .then([
        {
          type: 'InformationReceived',
          data: {
            caseId: CASE_ID,
            requestId: 'req-1',
            lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
            information: sealed('answer'),
            receivedAt: AT,
          },
        },
      ]));

  it('refuses an answer to no request', () =>
    given([aCaseOpened()]).when(answer).thenThrows(InformationRequestNotFoundError));

  it('refuses a second answer', () => {
    const [received] = decide(answer, [aCaseOpened(), requested].reduce(evolve, initialState()), NOW);
    given([aCaseOpened(), requested, received!]).when(answer).thenThrows(InformationRequestAlreadyAnsweredError);
  });
});

describe('listing a case for a meeting', () => {
  const list = {
    type: 'ListCaseForMeeting',
    caseId: CASE_ID,
    meeting: aMeeting({ caseOnAgenda: false, quorate: false }),
  } as const;

  it('lists the case for a meeting of its area', () => given([aCaseOpened()]).when(list).then([aCaseListed()]));

  it('lists it once', () => given([aCaseOpened(), aCaseListed()]).when(list).thenNothingHappens());

  it('refuses a meeting of another area', () =>
    given([aCaseOpened()])
      .when({ ...list, meeting: aMeeting({ area: OTHER_AREA }) })
      .thenThrows(MeetingInAnotherAreaError));

  it('refuses a cancelled meeting', () =>
    given([aCaseOpened()])
      .when({ ...list, meeting: aMeeting({ cancelled: true }) })
      .thenThrows(MeetingCancelledError));
});

describe('assessing a case', () => {
  const assess = {
    type: 'RecordAssessment',
    caseId: CASE_ID,
    template: TEMPLATE,
    answers: ANSWERS,
    summaryConclusion: sealed('summary'),
  } as const;
  const first: ChannelCaseEvent = {
    type: 'CaseAssessed',
    data: {
      caseId: CASE_ID,
      assessmentNumber: 1,
      templateId: TEMPLATE.id,
      templateVersion: 1,
      answers: ANSWERS,
      summaryConclusion: sealed('summary'),
      assessedAt: AT,
    },
  };

  it('records a first assessment against the template', () => given([aCaseOpened()]).when(assess).then([first]));

  it('refuses answers that do not follow the template', () =>
    given([aCaseOpened()])
      .when({ ...assess, answers: ANSWERS.slice(1) })
      .thenThrows(AssessmentAnswersInvalidError, (error) =>
        expect(error.problems).toEqual(['engagement: not answered']),
      ));

  it('refuses a later assessment without what changed', () =>
    given([aCaseOpened(), first])
      .when({ ...assess, managementPlan: sealed('plan') })
      .thenThrows(AssessmentChangesRequiredError));

  it('refuses a later assessment without a management plan', () =>
    given([aCaseOpened(), first])
      .when({ ...assess, whatChanged: sealed('changes') })
      .thenThrows(AssessmentChangesRequiredError));

  it('records a later assessment with what changed and a management plan', () =>
    given([aCaseOpened(), first])
      .when({ ...assess, whatChanged: sealed('changes'), managementPlan: sealed('plan') })
      .then([
        {
          type: 'CaseAssessed',
          data: {
            ...first.data,
            assessmentNumber: 2,
            whatChanged: sealed('changes'),
            managementPlan: sealed('plan'),
          } as never,
        },
      ]));
});

describe('deciding at a panel meeting', () => {
  it('adopts the case at a quorate meeting, its first discussion', () =>
    given([aCaseOpened(), aCaseListed()]).when(aDecideCase()).then(aCaseAdopted()));

  it('refuses a decision at a meeting without quorum', () =>
    given([aCaseOpened(), aCaseListed()])
      .when(aDecideCase({ meeting: aMeeting({ quorate: false }) }))
      .thenThrows(MeetingNotQuorateError));

  it('refuses a decision at a meeting that does not have the case on its agenda', () =>
    given([aCaseOpened()])
      .when(aDecideCase({ meeting: aMeeting({ caseOnAgenda: false }) }))
      .thenThrows(CaseNotOnAgendaError));

  it('refuses a decision at another area’s meeting', () =>
    given([aCaseOpened()])
      .when(aDecideCase({ meeting: aMeeting({ area: OTHER_AREA }) }))
      .thenThrows(MeetingInAnotherAreaError));

  it('defers, and the next discussion is not the first', () => {
    const deferred: ChannelCaseEvent[] = [
      {
        type: 'CaseDiscussedAtPanel',
        data: { caseId: CASE_ID, meetingId: MEETING_ID, firstDiscussion: true, discussedAt: AT },
      },
      {
        type: 'CaseDeferred',
        data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('rationale'), deferredAt: AT },
      },
    ];
    given([aCaseOpened()])
      .when(aDecideCase({ decision: { decision: 'defer' } }))
      .then(deferred);
    const events = decide(aDecideCase(), [aCaseOpened(), ...deferred].reduce(evolve, initialState()), NOW);
    expect(events[0]?.data).toMatchObject({ firstDiscussion: false });
    expect(events[1]?.type).toBe('CaseAdopted');
  });

  it('does not adopt: referred to other services, naming them', () =>
    given([aCaseOpened()])
      .when(
        aDecideCase({
          decision: {
            decision: 'not-adopted',
            outcome: 'referred-to-other-services',
            referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] },
          },
        }),
      )
      .then([
        {
          type: 'CaseDiscussedAtPanel',
          data: { caseId: CASE_ID, meetingId: MEETING_ID, firstDiscussion: true, discussedAt: AT },
        },
        {
          type: 'CaseNotAdopted',
          data: {
            caseId: CASE_ID,
            meetingId: MEETING_ID,
            outcome: 'referred-to-other-services',
            referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] },
            rationale: sealed('rationale'),
            decidedAt: AT,
          },
        },
      ]));

  it('refuses "referred to other services" naming none', () =>
    given([aCaseOpened()])
      .when(aDecideCase({ decision: { decision: 'not-adopted', outcome: 'referred-to-other-services' } }))
      .thenThrows(ReferredToRequiredError));

  it('refuses services with no further action', () =>
    given([aCaseOpened()])
      .when(
        aDecideCase({
          decision: {
            decision: 'not-adopted',
            outcome: 'no-further-action',
            referredTo: { codeList: 'x', codes: ['y'] },
          },
        }),
      )
      .thenThrows(ReferredToNotApplicableError));

  it('returns the case to the police (police-led) with the panel’s view of the risk', () => {
    const events = decide(
      aDecideCase({ decision: { decision: 'not-adopted', outcome: 'returned-to-police' }, riskView: sealed('risk') }),
      aCaseOpened() && [aCaseOpened()].reduce(evolve, initialState()),
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual([
      'CaseDiscussedAtPanel',
      'CaseNotAdopted',
      'CaseReturnedToPolice',
    ]);
    expect(events[2]).toEqual(returned('not-adopted-police-led'));
  });

  it('refuses a return to the police without the panel’s view of the risk', () =>
    given([aCaseOpened()])
      .when(aDecideCase({ decision: { decision: 'not-adopted', outcome: 'returned-to-police' } }))
      .thenThrows(RiskViewRequiredError));

  it('refuses a second decision', () => given(adopted()).when(aDecideCase()).thenThrows(CaseAlreadyDecidedError));
});

describe('consent to support', () => {
  it('records the parent’s consent for a 15-year-old', () =>
    given(adopted()).when(aRecordConsent()).then([aConsentGiven()]));

  it('refuses consent by a 15-year-old alone', () =>
    given(adopted())
      .when(aRecordConsent({ givenBy: 'subject', consenter: undefined }))
      .thenThrows(ParentOrGuardianConsentRequiredError, (error) => expect(error.ageOnDate).toBe(15)));

  it('records an 18-year-old’s own consent', () => {
    const [event] = decide(
      aRecordConsent({ givenBy: 'subject', consenter: undefined, subjectAgeOnDate: 18 }),
      adopted().reduce(evolve, initialState()),
      NOW,
    );
    expect(event?.data).toMatchObject({ outcome: 'given', givenBy: 'subject', subjectAgeOnDate: 18 });
  });

  it('refuses a parent’s consent for an adult', () =>
    given(adopted())
      .when(aRecordConsent({ subjectAgeOnDate: 19 }))
      .thenThrows(SubjectConsentRequiredError));

  it('refuses a parent’s consent that does not name them', () =>
    given(adopted())
      .when(aRecordConsent({ consenter: undefined }))
      .thenThrows(ConsenterRequiredError));

  it('refuses consent when the age on the day is not known', () =>
    given(adopted())
      .when(aRecordConsent({ subjectAgeOnDate: undefined }))
      .thenThrows(SubjectAgeUnknownError));

  it('refuses consent before adoption', () =>
    given([aCaseOpened()]).when(aRecordConsent()).thenThrows(CaseNotAdoptedError));

  it('is safe to receive twice', () => given(consenting()).when(aRecordConsent()).thenNothingHappens());

  it('refuses a refusal after consent was given (that is a withdrawal)', () =>
    given(consenting())
      .when(aRecordConsent({ outcome: 'refused' }))
      .thenThrows(ConsentAlreadyGivenError));

  it('returns the case to the police when consent is refused', () => {
    const events = decide(
      aRecordConsent({ outcome: 'refused', riskView: sealed('risk') }),
      adopted().reduce(evolve, initialState()),
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual(['ConsentRecorded', 'CaseReturnedToPolice']);
    expect(events[1]).toEqual(returned('consent-refused'));
    const after = events.reduce(evolve, adopted().reduce(evolve, initialState()));
    expect(after.status).toBe('with-police');
  });

  it('stops support and returns the case to the police when consent is withdrawn', () =>
    given(aSupportedCase())
      .when({
        type: 'WithdrawConsent',
        caseId: CASE_ID,
        givenBy: 'parent-or-guardian',
        consenter: sealed('mother'),
        subjectAgeOnDate: 15,
        consentedOn: '2025-06-01',
        method: 'by-phone',
      })
      .then([
        {
          type: 'ConsentRecorded',
          data: {
            caseId: CASE_ID,
            outcome: 'withdrawn',
            givenBy: 'parent-or-guardian',
            consenter: sealed('mother'),
            subjectAgeOnDate: 15,
            consentedOn: '2025-06-01',
            method: 'by-phone',
            recordedAt: AT,
          },
        },
        { type: 'SupportStopped', data: { caseId: CASE_ID, interventionIds: ['int-1'], stoppedAt: AT } },
        returned('consent-withdrawn', false) as ChannelCaseEvent,
      ]));

  it('refuses a withdrawal of consent never given', () =>
    given(adopted())
      .when({
        type: 'WithdrawConsent',
        caseId: CASE_ID,
        givenBy: 'subject',
        subjectAgeOnDate: 20,
        consentedOn: '2025-06-01',
        method: 'by-phone',
      })
      .thenThrows(ConsentNotGivenError));
});

describe('the support plan', () => {
  const plan = {
    type: 'PlanIntervention',
    caseId: CASE_ID,
    interventionId: 'int-1',
    interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
    ownerAgency: 'intervention-provider',
    providerId: 'provider-1',
    startDate: '2025-05-01',
    description: sealed('mentoring'),
  } as const;
  const start = {
    type: 'ChangeInterventionStatus',
    caseId: CASE_ID,
    interventionId: 'int-1',
    status: 'active',
  } as const;

  it('plans an intervention with its provider once consent is given', () =>
    given(consenting()).when(plan).then([anInterventionPlanned()]));

  it('refuses support without consent', () => given(adopted()).when(plan).thenThrows(ConsentNotGivenError));

  it('refuses support before adoption', () => given([aCaseOpened()]).when(plan).thenThrows(CaseNotAdoptedError));

  it('refuses a type outside the code list', () =>
    given(consenting())
      .when({ ...plan, interventionType: { codeList: 'intervention-types-2024', code: 'boxing' } })
      .thenThrows(InterventionTypeUnknownError));

  it('refuses an intervention id used twice', () =>
    given([...consenting(), anInterventionPlanned()])
      .when(plan)
      .thenThrows(InterventionExistsError));

  it('starts support with the first intervention that starts', () =>
    given([...consenting(), anInterventionPlanned()])
      .when(start)
      .then(aSupportedCase().slice(-2)));

  it('does not start support twice', () => {
    const events = decide(
      { ...start, interventionId: 'int-2' },
      [...aSupportedCase(), anInterventionPlanned('int-2')].reduce(evolve, initialState()),
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual(['InterventionStatusChanged']);
  });

  it('refuses a completed intervention starting again', () =>
    given([
      ...aSupportedCase(),
      {
        type: 'InterventionStatusChanged',
        data: { caseId: CASE_ID, interventionId: 'int-1', from: 'active', to: 'completed', changedAt: AT },
      },
    ])
      .when(start)
      .thenThrows(InterventionStatusChangeError));

  it('refuses an unknown intervention', () => given(consenting()).when(start).thenThrows(InterventionNotFoundError));
});

describe('sessions and progress', () => {
  const session = {
    type: 'RecordInterventionSession',
    caseId: CASE_ID,
    interventionId: 'int-1',
    sessionId: 'session-1',
    sessionDate: '2025-05-08',
    attendance: 'attended',
    notes: sealed('notes'),
    recordedBy: { id: 'provider-1', role: 'intervention-provider' },
  } as const;
  const recorded: ChannelCaseEvent = {
    type: 'InterventionSessionRecorded',
    data: {
      caseId: CASE_ID,
      interventionId: 'int-1',
      sessionId: 'session-1',
      sessionDate: '2025-05-08',
      attendance: 'attended',
      notes: sealed('notes'),
      recordedAt: AT,
    },
  };

  it('records a session by the intervention’s provider', () => given(aSupportedCase()).when(session).then([recorded]));

  it('records a session once', () =>
    given([...aSupportedCase(), recorded])
      .when(session)
      .thenNothingHappens());

  it('refuses a session by another provider, as if the intervention were not there', () =>
    given(aSupportedCase())
      .when({ ...session, recordedBy: { id: 'provider-2', role: 'intervention-provider' } })
      .thenThrows(NotTheInterventionProviderError, (error) => expect(error.kind).toBe('not-found')));

  it('lets the coordinator record a session', () =>
    given(aSupportedCase())
      .when({ ...session, recordedBy: { id: 'coordinator-1', role: 'channel-coordinator' } })
      .then([recorded]));

  it('refuses a session on an intervention that has not started', () =>
    given([...consenting(), anInterventionPlanned()])
      .when(session)
      .thenThrows(InterventionNotRunningError));

  it('records progress', () =>
    given(aSupportedCase())
      .when({
        type: 'RecordInterventionProgress',
        caseId: CASE_ID,
        interventionId: 'int-1',
        progress: sealed('better'),
        recordedBy: { id: 'provider-1', role: 'intervention-provider' },
      })
      .then([
        {
          type: 'InterventionProgressRecorded',
          data: { caseId: CASE_ID, interventionId: 'int-1', progress: sealed('better'), recordedAt: AT },
        },
      ]));

  it('refuses progress by another provider', () =>
    given(aSupportedCase())
      .when({
        type: 'RecordInterventionProgress',
        caseId: CASE_ID,
        interventionId: 'int-1',
        progress: sealed('x'),
        recordedBy: { id: 'provider-2', role: 'intervention-provider' },
      })
      .thenThrows(NotTheInterventionProviderError));
});

describe('reviews at meetings', () => {
  const review = {
    type: 'ReviewCase',
    caseId: CASE_ID,
    meeting: aMeeting({ meetingId: 'b1b2c3d4-e5f6-4789-8abc-def012345678' }),
    progress: sealed('progress'),
    riskNow: 'reduced',
    decision: 'continue-support',
  } as const;

  it('reviews an adopted case at a quorate meeting', () =>
    given(aSupportedCase())
      .when(review)
      .then([
        {
          type: 'CaseDiscussedAtPanel',
          data: { caseId: CASE_ID, meetingId: review.meeting.meetingId, firstDiscussion: false, discussedAt: AT },
        },
        {
          type: 'CaseReviewed',
          data: {
            caseId: CASE_ID,
            meetingId: review.meeting.meetingId,
            reviewNumber: 1,
            progress: sealed('progress'),
            riskNow: 'reduced',
            decision: 'continue-support',
            reviewedAt: AT,
          },
        },
      ]));

  it('refuses a review at a meeting without quorum', () =>
    given(aSupportedCase())
      .when({ ...review, meeting: aMeeting({ quorate: false }) })
      .thenThrows(MeetingNotQuorateError));

  it('refuses a review of a case not adopted', () =>
    given([aCaseOpened()]).when(review).thenThrows(CaseNotAdoptedError));
});

describe('exit and post-exit reviews', () => {
  const exit = {
    type: 'ExitCase',
    caseId: CASE_ID,
    exitOutcome: 'no-further-terrorism-concerns',
    exitedOn: '2025-11-30',
    closingReport: sealed('report'),
  } as const;

  it('closes an adopted case with a closing report and schedules the reviews at 6 and 12 months', () =>
    given(aSupportedCase()).when(exit).then([aCaseClosed()]));

  it('refuses the exit of a case that was never adopted', () =>
    given([aCaseOpened()]).when(exit).thenThrows(CaseNotAdoptedError));

  it('refuses the exit of a case that went back to the police', () =>
    given([...adopted(), returned('consent-refused') as ChannelCaseEvent])
      .when(exit)
      .thenThrows(CaseWithPoliceError));

  it('refuses a second exit', () =>
    given([...aSupportedCase(), aCaseClosed()])
      .when(exit)
      .thenThrows(CaseClosedError));

  it('passes remaining concerns to the police', () => {
    const events = decide(
      { ...exit, exitOutcome: 'concerns-remain-passed-to-police', riskView: sealed('risk') },
      aSupportedCase().reduce(evolve, initialState()),
      NOW,
    );
    expect(events.map((event) => event.type)).toEqual(['CaseClosed', 'CaseReturnedToPolice']);
    expect(events[1]).toEqual(returned('concerns-remain-at-exit'));
  });

  it('refuses concerns passed to the police without the panel’s view', () =>
    given(aSupportedCase())
      .when({ ...exit, exitOutcome: 'concerns-remain-passed-to-police' })
      .thenThrows(RiskViewRequiredError));

  it('falls due on the last day of a shorter month', () =>
    expect(postExitReviewsAfter('2025-08-31')).toEqual([
      { review: '6-months', dueOn: '2026-02-28' },
      { review: '12-months', dueOn: '2026-08-31' },
    ]));

  const record = {
    type: 'RecordPostExitReview',
    caseId: CASE_ID,
    review: '6-months',
    outcome: 'no-further-concerns',
    notes: sealed('fine'),
  } as const;
  const completed: ChannelCaseEvent = {
    type: 'PostExitReviewCompleted',
    data: {
      caseId: CASE_ID,
      review: '6-months',
      outcome: 'no-further-concerns',
      dueOn: '2026-05-30',
      notes: sealed('fine'),
      completedAt: AT,
    },
  };

  it('records the 6-month review with its due date', () =>
    given([...aSupportedCase(), aCaseClosed()])
      .when(record)
      .then([completed]));

  it('records each review once', () =>
    given([...aSupportedCase(), aCaseClosed(), completed])
      .when(record)
      .thenThrows(PostExitReviewAlreadyRecordedError));

  it('refuses a post-exit review before exit', () =>
    given(aSupportedCase()).when(record).thenThrows(CaseNotClosedError));
  describe('after consent was withdrawn', () => {
    const withdrawn = (): ChannelCaseEvent[] => [
      ...aSupportedCase(),
      {
        type: 'ConsentRecorded',
        data: {
          caseId: CASE_ID,
          outcome: 'withdrawn',
          givenBy: 'parent-or-guardian',
          consenter: sealed('mother'),
          subjectAgeOnDate: 15,
          consentedOn: '2025-06-01',
          method: 'by-phone',
          recordedAt: AT,
        },
      },
      { type: 'SupportStopped', data: { caseId: CASE_ID, interventionIds: ['int-1'], stoppedAt: AT } },
      returned('consent-withdrawn', false) as ChannelCaseEvent,
    ];
    const consentWithdrawn = { ...exit, exitOutcome: 'consent-withdrawn' } as const;
    const closedAsWithdrawn = (): ChannelCaseEvent =>
      decide(consentWithdrawn, withdrawn().reduce(evolve, initialState()), NOW)[0] as ChannelCaseEvent;

    it('closes the case with “consent withdrawn” and schedules the reviews at 6 and 12 months', () =>
      given(withdrawn())
        .when(consentWithdrawn)
        .then([
          {
            type: 'CaseClosed',
            data: {
              caseId: CASE_ID,
              exitOutcome: 'consent-withdrawn',
              exitedOn: '2025-11-30',
              closingReport: sealed('report'),
              postExitReviews: [
                { review: '6-months', dueOn: '2026-05-30' },
                { review: '12-months', dueOn: '2026-11-30' },
              ],
              closedAt: AT,
            },
          },
        ]));

    it('then records the post-exit reviews', () =>
      given([...withdrawn(), closedAsWithdrawn()])
        .when(record)
        .then([completed]));

    it('refuses another outcome for a case that went back to the police', () =>
      given(withdrawn()).when(exit).thenThrows(CaseWithPoliceError));

    it('refuses “consent withdrawn” while consent stands', () =>
      given(aSupportedCase()).when(consentWithdrawn).thenThrows(ConsentNotWithdrawnError));

    it('refuses “consent withdrawn” for a case returned for another reason', () =>
      given([...aSupportedCase(), returned('risk-escalated') as ChannelCaseEvent])
        .when(consentWithdrawn)
        .thenThrows(CaseWithPoliceError));

    it('refuses a second exit', () =>
      given([...withdrawn(), closedAsWithdrawn()])
        .when(consentWithdrawn)
        .thenThrows(CaseClosedError));
  });
});

describe('returning a case to the police on escalated risk', () => {
  it('stops support and returns the case', () =>
    given(aSupportedCase())
      .when({ type: 'ReturnCaseToPolice', caseId: CASE_ID, riskView: sealed('risk') })
      .then([
        { type: 'SupportStopped', data: { caseId: CASE_ID, interventionIds: ['int-1'], stoppedAt: AT } },
        returned('risk-escalated') as ChannelCaseEvent,
      ]));

  it('then refuses anything more on the case', () =>
    given([...adopted(), returned('risk-escalated') as ChannelCaseEvent])
      .when({ type: 'ReturnCaseToPolice', caseId: CASE_ID, riskView: sealed('risk') })
      .thenThrows(CaseWithPoliceError));
});

describe('age on a day', () => {
  it('counts whole years, the birthday included', () => {
    expect(ageOn('2010-04-20', '2025-04-19')).toBe(14);
    expect(ageOn('2010-04-20', '2025-04-20')).toBe(15);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
