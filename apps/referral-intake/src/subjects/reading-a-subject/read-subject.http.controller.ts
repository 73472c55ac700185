import { Controller, Get, Inject, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@lib/audit';
import { Allow, canSeeRecord, CurrentPrincipal, type Principal } from '@lib/auth';
import { EventStore } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import { callerOf, type HttpRequest, type HttpResponse } from '../../referrals/http.js';
import { etagOf } from '../../referrals/referral-commands.js';
import { subjectDecider, type Subject } from '../domain/subject.js';
import { SubjectNotFoundError } from '../domain/subject.errors.js';
import { subjectStream, type SubjectEvent } from '../domain/subject.events.js';

/** A subject's current details: registration with every correction applied, revealed (erased values marked). */
export interface SubjectView {
  readonly subjectId: string;
  readonly area: string;
  readonly gender: string;
  readonly details: Record<string, unknown>;
  readonly revision: number;
}

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects')
export class ReadSubjectHttpController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  /** The read is audited: who, in which role, which person, when, with the correlation id. */
  @Get(':id')
  @Allow('subject:read')
  @ApiOperation({ summary: 'Read a subject’s current details (audited); the ETag is the subject’s revision' })
  @ApiResponse({ status: 200, description: 'The subject' })
  @ApiResponse({ status: 404, description: 'No such subject within the caller’s reach' })
  async read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<SubjectView> {
    const { events, revision } = await this.store.readStream(subjectStream(id));
    const state = events.reduce(
      (current, event) => subjectDecider.evolve(current, { type: event.type, data: event.data } as SubjectEvent),
      subjectDecider.initialState() as Subject,
    );
    if (state.status === 'none' || revision === 'no_stream') throw new SubjectNotFoundError(id);
    if (!canSeeRecord(principal, 'subject:read', { area: state.area })) throw new SubjectNotFoundError(id);
    const caller = callerOf(principal, request, 'subject:read');
    await this.audit.recordRead(principal, 'subject:read', { type: 'subject', id }, id, caller.correlationId);
    const details: Record<string, unknown> = {};
    const revealed = await this.cipher.reveal<{ data: { details?: Record<string, unknown> } }[]>(
      events.map((event) => ({ data: event.data as { details?: Record<string, unknown> } })),
    );
    for (const event of revealed) Object.assign(details, event.data.details ?? {});
    response.setHeader('ETag', etagOf(revision));
    return { subjectId: id, area: state.area, gender: state.gender, details, revision };
  }
}
