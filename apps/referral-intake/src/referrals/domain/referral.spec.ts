import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '@lib/testing';
import { decide, evolve, initialState, type Referral } from './referral.js';
import { ageOn, type ReferralCommand } from './referral.commands.js';
import type { ReferralEvent } from './referral.events.js';
import {
  AssessmentAnswersInvalidError,
  ChannelAreaRequiredError,
  DeconflictionNotClearError,
  GatewayAssessmentMissingError,
  InformationRequestAlreadyAnsweredError,
  InformationRequestNotFoundError,
  NoDecisionToSignOffError,
  NothingToCorrectError,
  OutcomeDetailNotApplicableError,
  ReferralAlreadyDecidedError,
  ReferralAlreadyReceivedError,
  ReferralClosedError,
  ReferralNotFoundError,
  ReferralNotWithChannelError,
  ReferralWithdrawnError,
  SignOffBySameOfficerError,
  SignOffRequiresSupervisorError,
  SignpostingServiceRequiredError,
} from './referral.errors.js';
import {
  AT,
  CASE_ID,
  NOW,
  OFFICER,
  REFERRAL_ID,
  SUBJECT_ID,
  SUPERVISOR,
  aCorrectReferralDetails,
  aDecideReferral,
  aDecisionSignedOff,
  aDeconflictionCleared,
  aGatewayAssessmentRecorded,
  aLinkReferralToSubject,
  aRecordDeconfliction,
  aRecordGatewayAssessment,
  aRecordInformationReceived,
  aReceiveReferral,
  aReferralAcknowledged,
  aReferralAssigned,
  aReferralClosedForInvestigation,
  aReferralDecided,
  aReferralDetailsCorrected,
  aReferralReceived,
  aReferralReopened,
  aReferralWithdrawn,
  aReopenReferral,
  aRequestInformation,
  aSignOffDecision,
  aTriagedReferral,
  aWithdrawReferral,
  anAcknowledgeReferral,
  anAssignOfficer,
  anInformationReceived,
  anInformationRequested,
  sealed,
} from './referral.builders.js';

const given = deciderSpec<ReferralCommand, ReferralEvent, Referral>({
  decide: (command, state) => decide(command, state, NOW),
  evolve,
  initialState,
});

describe('receiving a referral', () => {
  it('records it with its profile in clear and the personal values sealed', () =>
    given([]).when(aReceiveReferral()).then([aReferralReceived()]));

  it('records a partner form submission and the sealed request fingerprint', () =>
    given([])
      .when(aReceiveReferral({ receivedVia: 'partner-form', requestFingerprint: sealed('digest') }))
      .then([aReferralReceived({ receivedVia: 'partner-form', requestFingerprint: sealed('digest') })]));

  it('leaves the age out when the date of birth is unknown', () =>
    given([])
      .when(aReceiveReferral({ ageAtReferral: undefined }))
      .then([aReferralReceived({ ageAtReferral: undefined })].map(withoutUndefined)));

  it('copies only the fields of the event, never extra fields of the command', () => {
    const command = { ...aReceiveReferral(), surname: 'Khan' } as ReturnType<typeof aReceiveReferral>;
    const [event] = decide(command, initialState(), NOW);
    expect(JSON.stringify(event)).not.toContain('Khan');
  });

  it('refuses to receive the same referral twice', () =>
    given([aReferralReceived()]).when(aReceiveReferral()).thenThrows(ReferralAlreadyReceivedError));
});

describe('acknowledging', () => {
  it('acknowledges a received referral', () =>
    given([aReferralReceived()]).when(anAcknowledgeReferral()).then([aReferralAcknowledged()]));

  it('is safe to receive twice', () =>
    given([aReferralReceived(), aReferralAcknowledged()]).when(anAcknowledgeReferral()).thenNothingHappens());

  it('refuses an unknown referral', () =>
    given([])
      .when(anAcknowledgeReferral())
      .thenThrows(ReferralNotFoundError, (error) => expect(error.code).toBe('referral.not-found')));

  it('refuses a withdrawn referral', () =>
    given([aReferralReceived(), aReferralWithdrawn()])
      .when(anAcknowledgeReferral())
      .thenThrows(ReferralWithdrawnError));
});

describe('assigning an officer', () => {
  it('assigns the first officer', () =>
    given([aReferralReceived()]).when(anAssignOfficer()).then([aReferralAssigned()]));

  it('reassigns to another officer, naming the previous one', () =>
    given([aReferralReceived(), aReferralAssigned()])
      .when(anAssignOfficer('officer-2'))
      .then([
        {
          type: 'ReferralReassigned',
          data: { referralId: REFERRAL_ID, officerId: 'officer-2', previousOfficerId: OFFICER.id, reassignedAt: AT },
        },
      ]));

  it('does nothing when the officer is already assigned', () =>
    given([aReferralReceived(), aReferralAssigned()]).when(anAssignOfficer()).thenNothingHappens());

  it('may move a decided referral to another officer', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(anAssignOfficer('officer-3'))
      .then([
        {
          type: 'ReferralReassigned',
          data: { referralId: REFERRAL_ID, officerId: 'officer-3', previousOfficerId: OFFICER.id, reassignedAt: AT },
        },
      ]));

  it('refuses a referral closed for investigation', () =>
    given([aReferralReceived(), aReferralClosedForInvestigation()])
      .when(anAssignOfficer())
      .thenThrows(ReferralClosedError));
});

describe('de-confliction', () => {
  it('records a clear check', () =>
    given([aReferralReceived()]).when(aRecordDeconfliction('clear')).then([aDeconflictionCleared()]));

  it('is safe to record clear twice', () =>
    given([aReferralReceived(), aDeconflictionCleared()]).when(aRecordDeconfliction('clear')).thenNothingHappens());

  it('closes the referral on a live investigation, with the outcome and no detail of it', () => {
    given([aReferralReceived()])
      .when(aRecordDeconfliction('live-investigation'))
      .then([aReferralClosedForInvestigation()]);
    const [event] = decide(
      aRecordDeconfliction('live-investigation'),
      evolve(initialState(), aReferralReceived()),
      NOW,
    );
    expect(Object.keys(event.data).sort()).toEqual(['closedAt', 'decisionNumber', 'outcome', 'referralId']);
  });

  it('closes even after an earlier clear check (an investigation began since)', () =>
    given([aReferralReceived(), aDeconflictionCleared()])
      .when(aRecordDeconfliction('live-investigation'))
      .then([aReferralClosedForInvestigation()]));

  it('refuses anything more on a closed referral', () =>
    given([aReferralReceived(), aReferralClosedForInvestigation()])
      .when(aRecordDeconfliction('clear'))
      .thenThrows(ReferralClosedError, (error) => expect(error.code).toBe('referral.closed')));
});

describe('information from partners', () => {
  it('records a request with its lawful basis', () =>
    given([aReferralReceived()]).when(aRequestInformation()).then([anInformationRequested()]));

  it('a retried request with the same id changes nothing', () =>
    given([aReferralReceived(), anInformationRequested()]).when(aRequestInformation()).thenNothingHappens());

  it('records the reply with the lawful basis it was shared on', () =>
    given([aReferralReceived(), anInformationRequested()])
      .when(aRecordInformationReceived())
      .then([anInformationReceived()]));

  it('refuses a reply to a request never made', () =>
    given([aReferralReceived()]).when(aRecordInformationReceived('nope')).thenThrows(InformationRequestNotFoundError));

  it('refuses a second reply to the same request', () =>
    given([aReferralReceived(), anInformationRequested(), anInformationReceived()])
      .when(aRecordInformationReceived())
      .thenThrows(InformationRequestAlreadyAnsweredError));

  it('refuses a request on a decided referral', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aRequestInformation('request-2'))
      .thenThrows(ReferralAlreadyDecidedError));
});

describe('the gateway assessment', () => {
  it('records the answers against the template id and version', () =>
    given([aReferralReceived()]).when(aRecordGatewayAssessment()).then([aGatewayAssessmentRecorded()]));

  it('refuses answers that leave a dimension out, rate one twice or use a rating not on the scale', () =>
    given([aReferralReceived()])
      .when(
        aRecordGatewayAssessment({
          answers: [
            { dimension: 'engagement', rating: 'medium', notes: sealed('a') },
            { dimension: 'engagement', rating: 'low', notes: sealed('b') },
            { dimension: 'intent', rating: 'very-high', notes: sealed('c') },
            { dimension: 'grievance', rating: 'low', notes: sealed('d') },
          ],
        }),
      )
      .thenThrows(AssessmentAnswersInvalidError, (error) =>
        expect(error.problems).toEqual([
          'engagement: answered more than once',
          'intent: very-high is not one of its ratings',
          'grievance: not a dimension of engagement-intent-capability v1',
          'capability: not answered',
        ]),
      ));
});

describe('deciding', () => {
  it('decides no further action with a rationale', () =>
    given(aTriagedReferral()).when(aDecideReferral()).then([aReferralDecided()]));

  it('signposts to named services, with a MASH referral', () => {
    const signpostedTo = { codeList: 'signposting-services-2024', codes: ['early-help', 'education'] };
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'signposted', signpostedTo, mashReferral: true }))
      .then([aReferralDecided({ outcome: 'signposted', signpostedTo, mashReferral: true })]);
  });

  it("refers to Channel, to an area's panel", () =>
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'referred-to-channel', channelArea: 'E08000025' }))
      .then([aReferralDecided({ outcome: 'referred-to-channel', channelArea: 'E08000025' })]));

  it('decides a police-led partnership', () =>
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'police-led-partnership' }))
      .then([aReferralDecided({ outcome: 'police-led-partnership' })]));

  it('closes for a counter-terrorism investigation', () =>
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'closed-counter-terrorism-investigation' }))
      .then([aReferralDecided({ outcome: 'closed-counter-terrorism-investigation' })]));

  it('refuses to decide before de-confliction is clear', () =>
    given([aReferralReceived(), aGatewayAssessmentRecorded()])
      .when(aDecideReferral())
      .thenThrows(DeconflictionNotClearError, (error) => expect(error.kind).toBe('rule-violated')));

  it('refuses to decide before the gateway assessment', () =>
    given([aReferralReceived(), aDeconflictionCleared()])
      .when(aDecideReferral())
      .thenThrows(GatewayAssessmentMissingError));

  it('refuses to decide twice', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aDecideReferral({ outcome: 'police-led-partnership' }))
      .thenThrows(ReferralAlreadyDecidedError, (error) => expect(error.kind).toBe('conflict')));

  it('refuses a referral to Channel without an area', () =>
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'referred-to-channel' }))
      .thenThrows(ChannelAreaRequiredError));

  it('refuses signposting without a service', () =>
    given(aTriagedReferral())
      .when(
        aDecideReferral({ outcome: 'signposted', signpostedTo: { codeList: 'signposting-services-2024', codes: [] } }),
      )
      .thenThrows(SignpostingServiceRequiredError));

  it('refuses details that belong to another outcome', () =>
    given(aTriagedReferral())
      .when(aDecideReferral({ outcome: 'no-further-action', channelArea: 'E08000025' }))
      .thenThrows(OutcomeDetailNotApplicableError, (error) => expect(error.field).toBe('channelArea')));

  it('refuses a withdrawn referral', () =>
    given([...aTriagedReferral(), aReferralWithdrawn()])
      .when(aDecideReferral())
      .thenThrows(ReferralWithdrawnError));
});

describe('supervisor sign-off', () => {
  it('a supervisor signs off another officer’s decision', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aSignOffDecision())
      .then([aDecisionSignedOff()]));

  it('refuses a sign-off by the officer who decided, even as a supervisor', () =>
    given([...aTriagedReferral(), aReferralDecided({ decidedBy: SUPERVISOR.id })])
      .when(aSignOffDecision())
      .thenThrows(SignOffBySameOfficerError));

  it('refuses a sign-off by someone who is not a supervisor', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aSignOffDecision({ id: 'officer-2', role: 'police-officer' }))
      .thenThrows(SignOffRequiresSupervisorError));

  it('refuses a sign-off before a decision', () =>
    given(aTriagedReferral()).when(aSignOffDecision()).thenThrows(NoDecisionToSignOffError));

  it('refuses a second sign-off', () =>
    given([...aTriagedReferral(), aReferralDecided(), aDecisionSignedOff()])
      .when(aSignOffDecision())
      .thenThrows(NoDecisionToSignOffError));
});

describe('reopening when a case comes back from Channel', () => {
  const referred = () => [
    ...aTriagedReferral(),
    aReferralDecided({ outcome: 'referred-to-channel', channelArea: 'E08000025' }),
  ];

  it('reopens a referral referred to Channel, with the panel’s reason', () =>
    given(referred()).when(aReopenReferral()).then([aReferralReopened()]));

  it('the same return received twice changes nothing', () =>
    given([...referred(), aReferralReopened()])
      .when(aReopenReferral())
      .thenNothingHappens());

  it('is triaged again: a new decision needs de-confliction and an assessment again, and is number 2', () => {
    given([...referred(), aReferralReopened()])
      .when(aDecideReferral())
      .thenThrows(DeconflictionNotClearError);
    given([...referred(), aReferralReopened(), aDeconflictionCleared(), aGatewayAssessmentRecorded()])
      .when(aDecideReferral({ outcome: 'police-led-partnership' }))
      .then([aReferralDecided({ outcome: 'police-led-partnership', decisionNumber: 2 })]);
  });

  it('refuses a referral that was not referred to Channel', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aReopenReferral())
      .thenThrows(ReferralNotWithChannelError));

  it('refuses an unknown referral', () => given([]).when(aReopenReferral(CASE_ID)).thenThrows(ReferralNotFoundError));
});

describe('correcting the referral’s details', () => {
  it('records only what changed, with the reason', () =>
    given([aReferralReceived()])
      .when(aCorrectReferralDetails({ ageAtReferral: 16, sector: 'education', gender: 'female' }))
      .then([aReferralDetailsCorrected({ gender: 'female', ageAtReferral: 16 })]));

  it('a corrected area is the area from then on', () =>
    given([aReferralReceived(), aReferralDetailsCorrected({ area: 'E08000026' })])
      .when(aCorrectReferralDetails({ area: 'E08000026' }))
      .thenThrows(NothingToCorrectError));

  it('refuses a correction that changes nothing', () =>
    given([aReferralReceived()])
      .when(aCorrectReferralDetails({ area: 'E08000025' }))
      .thenThrows(NothingToCorrectError));

  it('corrects a decided referral too (the statistics must be right)', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aCorrectReferralDetails({ concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] } }))
      .then([aReferralDetailsCorrected({ concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] } })]));

  it('refuses a withdrawn referral', () =>
    given([aReferralReceived(), aReferralWithdrawn()])
      .when(aCorrectReferralDetails({ ageAtReferral: 16 }))
      .thenThrows(ReferralWithdrawnError));
});

describe('linking to an earlier record of the same person', () => {
  const earlier = '11111111-2222-4333-8444-555555555555';

  it('points the referral to the earlier subject', () =>
    given([aReferralReceived()])
      .when(aLinkReferralToSubject(earlier))
      .then([
        {
          type: 'ReferralLinkedToSubject',
          data: { referralId: REFERRAL_ID, subjectId: earlier, previousSubjectId: SUBJECT_ID, linkedAt: AT },
        },
      ]));

  it('does nothing when already linked to it', () =>
    given([aReferralReceived()]).when(aLinkReferralToSubject(SUBJECT_ID)).thenNothingHappens());
});

describe('withdrawing', () => {
  it('withdraws an undecided referral with a reason', () =>
    given([aReferralReceived(), aReferralAcknowledged()]).when(aWithdrawReferral()).then([aReferralWithdrawn()]));

  it('refuses to withdraw twice', () =>
    given([aReferralReceived(), aReferralWithdrawn()]).when(aWithdrawReferral()).thenThrows(ReferralWithdrawnError));

  it('refuses to withdraw a decided referral', () =>
    given([...aTriagedReferral(), aReferralDecided()])
      .when(aWithdrawReferral())
      .thenThrows(ReferralAlreadyDecidedError));

  it('refuses to withdraw a referral closed for investigation', () =>
    given([aReferralReceived(), aReferralClosedForInvestigation()])
      .when(aWithdrawReferral())
      .thenThrows(ReferralClosedError));
});

describe('the state a history folds to', () => {
  it('knows the officer, the decision count, and the corrected area', () => {
    const state = [
      ...aTriagedReferral(),
      aReferralDecided({ outcome: 'referred-to-channel', channelArea: 'E08000025' }),
      aReferralReopened(),
      aReferralDetailsCorrected({ area: 'E08000026' }),
    ].reduce(evolve, initialState());
    expect(state).toMatchObject({
      status: 'open',
      officerId: OFFICER.id,
      decisions: 1,
      reopenedByCase: CASE_ID,
      profile: { area: 'E08000026' },
    });
  });
});

describe('age at referral', () => {
  it('counts whole years, birthdays on the day included', () => {
    expect(ageOn('2008-03-04', '2025-03-03')).toBe(16);
    expect(ageOn('2008-03-04', '2025-03-04T09:00:00.000Z')).toBe(17);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
  });
});

function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
