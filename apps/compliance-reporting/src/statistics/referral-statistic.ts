/**
 * One row of the statistics projection, as the tables read it: codes and dates only. Dates are ISO
 * strings (instants) or ISO dates (`receivedOn`, `exitedOn`, review due dates).
 */
export interface ReferralStatistic {
  readonly statisticId: string;
  readonly origin: 'police-referral' | 'local-authority';
  readonly receivedAt: string;
  readonly receivedOn: string;
  readonly area: string;
  readonly region: string;
  readonly sector: string | null;
  readonly concernCodeList: string | null;
  readonly concernCodes: readonly string[] | null;
  readonly ageAtReferral: number | null;
  readonly gender: string | null;
  readonly outcome: string | null;
  readonly decidedAt: string | null;
  readonly firstDiscussedAt: string | null;
  readonly notAdoptedOutcome: string | null;
  readonly adoptedAt: string | null;
  readonly consentOutcome: string | null;
  readonly supportStartedAt: string | null;
  readonly exitOutcome: string | null;
  readonly exitedOn: string | null;
  readonly review6DueOn: string | null;
  readonly review6CompletedAt: string | null;
  readonly review12DueOn: string | null;
  readonly review12CompletedAt: string | null;
}
