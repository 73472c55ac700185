import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import {
  CONSENT_OUTCOMES,
  EXIT_OUTCOMES,
  NOT_ADOPTED_OUTCOMES,
  POST_EXIT_REVIEW_OUTCOMES,
  RETURN_TO_POLICE_REASONS,
} from '@lib/contracts';
import { DECISIONS } from '../channel-cases/deciding-at-panel/decide-case.request.dto.js';
import {
  AGENCIES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  INTERVENTION_STATUSES,
  INTERVENTION_TYPE_CODE_LIST,
  INTERVENTION_TYPES,
  LAWFUL_BASES,
  REVIEW_DECISIONS,
  RISK_TRENDS,
  SESSION_ATTENDANCE,
} from '../channel-cases/domain/channel-case.events.js';
import { ATTENDANCE_ROLES } from '../panel-meetings/domain/panel-meeting.events.js';

/** One code list the service accepts: its codes (stable wire values), never labels. */
export interface CodeListAnswer {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** `closed`: fixed by law or the process (a release changes it); `versioned`: held as data, named by version. */
  readonly kind: 'closed' | 'versioned';
  readonly version?: string;
  readonly codes: readonly string[];
}

const CODE_LISTS: readonly CodeListAnswer[] = [
  {
    id: 'agencies',
    title: 'Agencies',
    description: 'The agencies of a panel; owners of interventions and partners asked for information.',
    kind: 'closed',
    codes: AGENCIES,
  },
  {
    id: 'intervention-types',
    title: 'Types of intervention',
    description: 'The support a case may receive; the reporting service maps between versions.',
    kind: 'versioned',
    version: INTERVENTION_TYPE_CODE_LIST,
    codes: INTERVENTION_TYPES,
  },
  {
    id: 'intervention-statuses',
    title: 'Status of an intervention',
    description: 'From planned to completed or stopped.',
    kind: 'closed',
    codes: INTERVENTION_STATUSES,
  },
  {
    id: 'session-attendance',
    title: 'Attendance at an intervention session',
    description: 'Recorded by the provider or the owner of the intervention.',
    kind: 'closed',
    codes: SESSION_ATTENDANCE,
  },
  {
    id: 'panel-decisions',
    title: 'Panel decisions',
    description: 'What a quorate panel decides about a case on its agenda.',
    kind: 'closed',
    codes: DECISIONS,
  },
  {
    id: 'not-adopted-outcomes',
    title: 'Outcome when a case is not adopted',
    description: 'Where the person goes when the panel does not adopt the case.',
    kind: 'closed',
    codes: NOT_ADOPTED_OUTCOMES,
  },
  {
    id: 'consent-givers',
    title: 'Who gives consent',
    description: 'The person, or a parent or guardian for a child.',
    kind: 'closed',
    codes: CONSENT_GIVERS,
  },
  {
    id: 'consent-methods',
    title: 'How consent was given or refused',
    description: 'Recorded with the consent.',
    kind: 'closed',
    codes: CONSENT_METHODS,
  },
  {
    id: 'consent-outcomes',
    title: 'Consent outcomes',
    description: 'Given, refused, or withdrawn later.',
    kind: 'closed',
    codes: CONSENT_OUTCOMES,
  },
  {
    id: 'risk-trends',
    title: 'Risk at a review',
    description: 'How the risk has moved since the last review.',
    kind: 'closed',
    codes: RISK_TRENDS,
  },
  {
    id: 'review-decisions',
    title: 'Review decisions',
    description: 'Carry on with support, or prepare the exit.',
    kind: 'closed',
    codes: REVIEW_DECISIONS,
  },
  {
    id: 'exit-outcomes',
    title: 'Exit outcomes',
    description: 'How a person left Channel.',
    kind: 'closed',
    codes: EXIT_OUTCOMES,
  },
  {
    id: 'return-to-police-reasons',
    title: 'Why a case went back to the police',
    description: 'Recorded when the panel returns a case.',
    kind: 'closed',
    codes: RETURN_TO_POLICE_REASONS,
  },
  {
    id: 'post-exit-review-outcomes',
    title: 'Outcome of a post-exit review',
    description: 'At 6 and 12 months after exit.',
    kind: 'closed',
    codes: POST_EXIT_REVIEW_OUTCOMES,
  },
  {
    id: 'attendance-roles',
    title: 'Roles at a panel meeting',
    description: 'In which part each attendee came.',
    kind: 'closed',
    codes: ATTENDANCE_ROLES,
  },
  {
    id: 'lawful-bases',
    title: 'Lawful basis for sharing information',
    description: 'UK GDPR and Data Protection Act 2018 bases for asking partners for information.',
    kind: 'closed',
    codes: LAWFUL_BASES,
  },
];

/**
 * Read-only reference data of the panel: the code lists this service accepts. No personal data.
 * They change with a release of the service; there is no editing. No action of the matrix is
 * about reference data, so the administrators' `users:manage` guards it (the web app's code-lists
 * page is an administrators' page).
 */
@ApiTags('reference-data')
@ApiBearerAuth()
@Controller('reference-data')
export class ReferenceDataHttpController {
  @Get('code-lists')
  @Allow('users:manage')
  @ApiOperation({ summary: 'The code lists the panel accepts (codes, not labels)' })
  @ApiOkResponse({ description: '`{ items }`: each list with its id, title, kind (closed or versioned) and codes' })
  codeLists(): { items: readonly CodeListAnswer[] } {
    return { items: CODE_LISTS };
  }
}
