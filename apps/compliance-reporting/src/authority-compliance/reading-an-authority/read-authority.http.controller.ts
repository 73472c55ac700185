import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import { AuthorityCommands, etagOf, type HttpResponse } from '../authority-commands.js';
import { benchmarksFor, type Benchmark, type BenchmarkStatus } from '../domain/authority.codes.js';
import type { AuthorityEvent, Evidence } from '../domain/authority.events.js';
import { londonDate, ragOf, statusCounts } from '../domain/rag.js';

/** One assessment of an area in its history: what was recorded, by whom (user id and role), when, why. */
export interface AssessmentRecord {
  readonly status: BenchmarkStatus;
  readonly evidence: Evidence;
  readonly owner: string;
  readonly reviewDue: string;
  readonly assessedAt: string;
  readonly recordedBy: { readonly id: string; readonly role: string };
  readonly reason: string | null;
}

/**
 * The drill-down into one authority, read from its own stream (as the panel's case timeline,
 * ADR 070), so it is never behind the command that was just answered and its ETag is the revision
 * to send in If-Match: every area it is judged on with its current status and evidence, and the
 * full history of its assessments, newest first.
 */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities')
export class ReadAuthorityHttpController {
  constructor(private readonly authorities: AuthorityCommands) {}

  @Get(':id')
  @Allow('compliance:read')
  @ApiOperation({ summary: 'One authority: each area’s status, evidence, owner, review date and history' })
  @ApiResponse({ status: 200, description: 'The authority; ETag is its revision' })
  @ApiResponse({ status: 404, description: 'Unknown authority' })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: HttpResponse) {
    const { state, events, revision } = await this.authorities.load(id);
    const today = londonDate(this.authorities.clock.now());
    const history = new Map<Benchmark, AssessmentRecord[]>();
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as AuthorityEvent;
      if (event.type !== 'BenchmarkAssessed') continue;
      const entries = history.get(event.data.benchmark) ?? [];
      entries.unshift({
        status: event.data.status,
        evidence: event.data.evidence,
        owner: event.data.owner,
        reviewDue: event.data.reviewDue,
        assessedAt: event.data.assessedAt,
        recordedBy: { id: recorded.actor.id, role: recorded.actor.role },
        reason: recorded.reason ?? null,
      });
      history.set(event.data.benchmark, entries);
    }
    const statuses = Object.fromEntries(
      Object.entries(state.benchmarks).map(([benchmark, standing]) => [benchmark, standing.status]),
    ) as Partial<Record<Benchmark, BenchmarkStatus>>;
    const counts = statusCounts(state.type, statuses);
    response.setHeader('ETag', etagOf(revision));
    return {
      authorityId: state.authorityId,
      name: state.name,
      type: state.type,
      area: state.area,
      region: state.region,
      rag: ragOf(counts),
      statuses: counts,
      today,
      benchmarks: benchmarksFor(state.type).map((benchmark) => {
        const standing = state.benchmarks[benchmark];
        return {
          benchmark,
          status: standing?.status ?? null,
          evidence: standing?.evidence ?? null,
          owner: standing?.owner ?? null,
          reviewDue: standing?.reviewDue ?? null,
          overdue: standing !== undefined && standing.reviewDue < today,
          history: history.get(benchmark) ?? [],
        };
      }),
      training: Object.entries(state.training)
        .map(([staffGroup, counts]) => ({ staffGroup, ...counts }))
        .sort((a, b) => a.staffGroup.localeCompare(b.staffGroup)),
      assuranceStatements:
        state.type === 'local-authority'
          ? Object.entries(state.assuranceStatements)
              .map(([year, submittedOn]) => ({ year, submittedOn }))
              .sort((a, b) => a.year.localeCompare(b.year))
          : null,
      revision,
    };
  }
}
