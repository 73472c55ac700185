import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import { GENDERS, REFERRAL_OUTCOMES, REGIONS, SECTORS, WITHDRAWAL_REASONS } from '@lib/contracts';
import { AssessmentTemplates } from '../assessment-templates/assessment-templates.js';
import type { AssessmentTemplate } from '../assessment-templates/domain/assessment-template.js';
import { DECONFLICTION_RESULTS } from '../referrals/domain/referral.commands.js';
import { LAWFUL_BASES, RECEIVED_VIA, SUBJECT_AWARENESS } from '../referrals/domain/referral.events.js';

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
    id: 'sectors',
    title: 'Sector of the referrer',
    description: 'Where the concern came from, as the statistical release counts it.',
    kind: 'closed',
    codes: SECTORS,
  },
  {
    id: 'genders',
    title: 'Gender',
    description: 'Gender as recorded for the statistical release.',
    kind: 'closed',
    codes: GENDERS,
  },
  {
    id: 'regions',
    title: 'Region',
    description: 'The nine English regions and Wales (ONS GSS codes).',
    kind: 'closed',
    codes: REGIONS,
  },
  {
    id: 'subject-awareness',
    title: 'Whether the person knows they were referred',
    description: 'Recorded with every referral.',
    kind: 'closed',
    codes: SUBJECT_AWARENESS,
  },
  {
    id: 'received-via',
    title: 'How a referral reached the police',
    description: 'Keyed in by an officer, or submitted by a partner through the form.',
    kind: 'closed',
    codes: RECEIVED_VIA,
  },
  {
    id: 'deconfliction-results',
    title: 'Result of de-confliction',
    description: 'Whether counter-terrorism policing has a live investigation.',
    kind: 'closed',
    codes: DECONFLICTION_RESULTS,
  },
  {
    id: 'lawful-bases',
    title: 'Lawful basis for sharing information',
    description: 'UK GDPR and Data Protection Act 2018 bases for asking partners for information.',
    kind: 'closed',
    codes: LAWFUL_BASES,
  },
  {
    id: 'referral-outcomes',
    title: 'Outcome of the gateway assessment',
    description: 'The police’s decision at the end of the gateway.',
    kind: 'closed',
    codes: REFERRAL_OUTCOMES,
  },
  {
    id: 'withdrawal-reasons',
    title: 'Why a referral was withdrawn',
    description: 'Given when a referral is withdrawn.',
    kind: 'closed',
    codes: WITHDRAWAL_REASONS,
  },
];

/**
 * Read-only reference data of the intake: the gateway assessment templates (every version, so a
 * recorded assessment can be read against the one it followed) and the code lists this service
 * accepts. Neither holds personal data. They change with a release of the service; there is no
 * editing. No action of the matrix is about reference data, so the administrators' `users:manage`
 * guards it (the web app's code-lists page is an administrators' page).
 */
@ApiTags('reference-data')
@ApiBearerAuth()
@Controller('reference-data')
export class ReferenceDataHttpController {
  constructor(private readonly templates: AssessmentTemplates) {}

  @Get('assessment-templates')
  @Allow('users:manage')
  @ApiOperation({ summary: 'Every version of the gateway assessment templates the service uses' })
  @ApiOkResponse({ description: '`{ items }`: each template with its dimensions and ratings, latest versions marked' })
  assessmentTemplates(): { items: (AssessmentTemplate & { current: boolean })[] } {
    const current = new Set(this.templates.current().map((template) => `${template.id}@${template.version}`));
    return {
      items: this.templates
        .all()
        .map((template) => ({ ...template, current: current.has(`${template.id}@${template.version}`) }))
        .sort((a, b) => a.id.localeCompare(b.id) || b.version - a.version),
    };
  }

  @Get('code-lists')
  @Allow('users:manage')
  @ApiOperation({ summary: 'The code lists the intake accepts (codes, not labels)' })
  @ApiOkResponse({ description: '`{ items }`: each list with its id, title, kind (closed or versioned) and codes' })
  codeLists(): { items: readonly CodeListAnswer[] } {
    return { items: CODE_LISTS };
  }
}
