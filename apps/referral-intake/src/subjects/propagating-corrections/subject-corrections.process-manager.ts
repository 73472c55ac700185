import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  Clock,
  CommandRunner,
  comparePositions,
  EventStore,
  eventStoreAppRole,
  PostgresCheckpointStore,
  START,
  WrongExpectedRevisionError,
  type CheckpointStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@lib/event-store';
import { isErased, PersonalDataCipher } from '@lib/personal-data';
import { PlatformConfig, ServiceIdentity, withTimeout } from '@lib/platform';
import pg from 'pg';
import { referralDecider } from '../../referrals/domain/referral.js';
import { NothingToCorrectError, ReferralWithdrawnError } from '../../referrals/domain/referral.errors.js';
import {
  REFERRAL_CATEGORY,
  referralStream,
  type ReferralEvent,
  type ReferralLinkedToSubject,
  type ReferralReceived,
} from '../../referrals/domain/referral.events.js';
import { SUBJECT_CATEGORY, type SubjectDetailsCorrected } from '../domain/subject.events.js';
import { profileCorrectionFor, touchesReferralProfile } from './referral-correction.js';
import { installSubjectReferrals, SUBJECT_REFERRALS_TABLE } from './subject-referrals.table.js';

/** The subscription's id; its checkpoint is stored under it in `<schema>.subscription_checkpoints`. */
export const SUBJECT_CORRECTIONS_SUBSCRIPTION = 'referral-intake.subject-corrections';

/** Who the referral's correction is recorded as: the intake itself, caused by the officer's correction. */
export const SUBJECT_CORRECTIONS_ACTOR = { id: 'system:referral-intake', role: 'system' } as const;

/** The metadata `reason` (a code) of a referral's correction that follows a subject's. */
export const SUBJECT_CORRECTED_REASON = 'subject-details-corrected';

const RETRY_EVERY_MS = 2000;
const MAX_CONFLICTS = 5;

/**
 * The process manager that re-publishes a subject's corrections on its referrals (ADR 054). The
 * statistical profile a referral publishes (area, gender, age at referral) is copied from the
 * subject when the referral is received; a later correction of the subject's date of birth, gender
 * or area must be recorded on each of the subject's referrals as `CorrectReferralDetails`, whose
 * `ReferralDetailsCorrected` the relay then publishes (ADR 052).
 *
 * It follows the intake's own event store (categories `subject` and `referral`, checkpointed) and
 * keeps which referrals point to which subject in `<schema>.subject_referrals`. On a
 * `SubjectDetailsCorrected` that changes the date of birth, gender or area, it runs the referral's
 * own decider on each referral of the subject, the age recomputed from the corrected date of birth
 * (opened with the cipher) on the day the referral was received.
 *
 * Effectively once: each correction carries the subject event's id as its causation id, and a
 * referral whose history already holds an event caused by it is left alone; the append is pinned to
 * the revision read, so two instances cannot both correct. Delivery is at least once: a redelivery
 * after a crash, or a replay from an older checkpoint, changes nothing.
 */
@Injectable()
export class SubjectCorrectionsProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SubjectCorrections');
  private readonly runner: CommandRunner;
  /** The PostgreSQL store's own checkpoints, read to know where a (re)start resumes; KurrentDB keeps its own. */
  private readonly checkpoints: CheckpointStore | undefined;
  private subscription: Subscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private installed = false;
  private stopped = false;
  private lastError = '';
  private position: GlobalPosition = START;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(PlatformConfig) private readonly config: PlatformConfig,
    @Inject(ServiceIdentity) private readonly service: ServiceIdentity,
  ) {
    this.runner = new CommandRunner(store, clock);
    this.checkpoints = config.eventStore === 'postgres' ? new PostgresCheckpointStore(pool, service.schema) : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Whether it is following the log now. */
  get running(): boolean {
    return this.subscription !== undefined;
  }

  /** Stops following the log (the checkpoint stays where the last handled event left it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Follows the log again from its checkpoint (after {@link stop}, or in a test). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  /** Resolves once it has handled every event up to `through` (a position an append answered). */
  async settled(through: GlobalPosition, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (comparePositions(this.position, through) < 0) {
      if (Date.now() > deadline)
        throw new Error(`Subject corrections did not reach the position within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Handles one event of the log; called by the subscription, at least once per event. */
  async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'ReferralReceived': {
        const data = (event as unknown as ReferralReceived).data;
        await this.point(data.referralId, data.subjectId, event.revision);
        break;
      }
      case 'ReferralLinkedToSubject': {
        const data = (event as unknown as ReferralLinkedToSubject).data;
        await this.point(data.referralId, data.subjectId, event.revision);
        break;
      }
      case 'SubjectDetailsCorrected':
        await this.propagate(event as RecordedEvent<'SubjectDetailsCorrected', SubjectDetailsCorrected['data']>);
        break;
      default:
        break;
    }
    if (comparePositions(event.globalPosition, this.position) > 0) this.position = event.globalPosition;
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.subscription) return;
    try {
      if (!this.installed) await this.install();
      this.installed = true;
      const resumeAt = (await this.checkpoints?.load(SUBJECT_CORRECTIONS_SUBSCRIPTION)) ?? START;
      if (this.stopped || this.subscription) return;
      this.position = resumeAt;
      this.subscribe();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.logger.warn(`not following subject corrections yet (${message}); retrying every ${RETRY_EVERY_MS} ms`);
      }
      this.lastError = message;
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
    }
  }

  private async install(): Promise<void> {
    const owner = new pg.Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.readinessTimeoutMs,
      application_name: `${this.service.name}-subject-corrections-installer`,
    });
    owner.on('error', () => undefined);
    try {
      await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
      const appRole = this.config.eventStore === 'postgres' ? eventStoreAppRole(this.service.schema) : undefined;
      await installSubjectReferrals(owner, this.service.schema, appRole);
    } finally {
      await owner.end().catch(() => undefined);
    }
  }

  private subscribe(): void {
    const subscription = this.store.subscribeToAll({
      subscriptionId: SUBJECT_CORRECTIONS_SUBSCRIPTION,
      ...(this.checkpoints ? { checkpoints: this.checkpoints } : {}),
      categories: [REFERRAL_CATEGORY, SUBJECT_CATEGORY],
      handler: (event) => this.handle(event),
    });
    this.subscription = subscription;
    this.logger.log(`following ${SUBJECT_CATEGORY} and ${REFERRAL_CATEGORY} as ${SUBJECT_CORRECTIONS_SUBSCRIPTION}`);
    subscription.done.then(
      () => {
        if (this.subscription === subscription) this.subscription = undefined;
      },
      (error: unknown) => {
        if (this.subscription !== subscription) return;
        this.subscription = undefined;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`stopped (${this.lastError}); following again from the checkpoint in ${RETRY_EVERY_MS} ms`);
        if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
      },
    );
  }

  /** Records that the referral points to the subject, unless a later event of the referral said otherwise. */
  private async point(referralId: string, subjectId: string, revision: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.service.schema}.${SUBJECT_REFERRALS_TABLE} (referral_id, subject_id, revision)
       VALUES ($1, $2, $3)
       ON CONFLICT (referral_id) DO UPDATE SET subject_id = EXCLUDED.subject_id, revision = EXCLUDED.revision
         WHERE ${SUBJECT_REFERRALS_TABLE}.revision < EXCLUDED.revision`,
      [referralId, subjectId, revision],
    );
  }

  private async propagate(
    event: RecordedEvent<'SubjectDetailsCorrected', SubjectDetailsCorrected['data']>,
  ): Promise<void> {
    const correction = event.data;
    if (!touchesReferralProfile(correction)) return;
    const { rows } = await this.pool.query<{ referral_id: string }>(
      `SELECT referral_id FROM ${this.service.schema}.${SUBJECT_REFERRALS_TABLE} WHERE subject_id = $1 ORDER BY referral_id`,
      [correction.subjectId],
    );
    if (rows.length === 0) return;
    const dateOfBirth = correction.changedFields.includes('dateOfBirth')
      ? await this.openDateOfBirth(correction)
      : undefined;
    for (const { referral_id: referralId } of rows) await this.correct(referralId, event, dateOfBirth);
  }

  /** The corrected date of birth, or undefined when the person was erased meanwhile. */
  private async openDateOfBirth(correction: SubjectDetailsCorrected['data']): Promise<string | undefined> {
    if (correction.details.dateOfBirth === undefined) return undefined;
    const revealed = await this.cipher.reveal<unknown>(correction.details.dateOfBirth);
    return typeof revealed === 'string' && !isErased(revealed) ? revealed : undefined;
  }

  private async correct(
    referralId: string,
    cause: RecordedEvent<'SubjectDetailsCorrected', SubjectDetailsCorrected['data']>,
    dateOfBirth: string | undefined,
  ): Promise<void> {
    const stream = referralStream(referralId);
    for (let attempt = 0; ; attempt += 1) {
      const { events, revision } = await this.store.readStream(stream);
      if (revision === 'no_stream') return;
      if (events.some((recorded) => recorded.causationId === cause.eventId)) return; // corrected by it already
      const state = events.reduce(
        (current, recorded) =>
          referralDecider.evolve(current, { type: recorded.type, data: recorded.data } as ReferralEvent),
        referralDecider.initialState(),
      );
      const received = events.find((recorded) => recorded.type === 'ReferralReceived') as
        (RecordedEvent & ReferralReceived) | undefined;
      const fields = profileCorrectionFor(cause.data, state, received?.data.receivedAt, dateOfBirth);
      if (!fields) return;
      try {
        await this.runner.run(
          stream,
          referralDecider,
          {
            type: 'CorrectReferralDetails',
            referralId,
            ...fields,
            // the officer's own words, already sealed under the same person's key
            reason: cause.data.reason,
          },
          {
            actor: SUBJECT_CORRECTIONS_ACTOR,
            reason: SUBJECT_CORRECTED_REASON,
            correlationId: cause.correlationId,
            causationId: cause.eventId,
          },
          { expectedRevision: revision },
        );
        return;
      } catch (error) {
        if (error instanceof NothingToCorrectError || error instanceof ReferralWithdrawnError) return;
        // another writer came between the read and the append: read again, look for the cause again
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_CONFLICTS) continue;
        throw error;
      }
    }
  }
}
