import { Configuration, setting } from '@lib/platform';

export const SERVICE_NAME = 'referral-intake';
/** The PostgreSQL schema this service owns: its event store and, later, its read models. */
export const SERVICE_SCHEMA = 'referral_intake';

export class ReferralIntakeConfig extends Configuration('referralIntake', {
  port: setting.port('REFERRAL_INTAKE_PORT').or('PORT').default(3001),
}) {}
