import { AssessmentTemplateNotFoundError } from '../referrals/domain/referral.errors.js';
import { answerProblems, type AssessmentTemplate } from './domain/assessment-template.js';
import { ENGAGEMENT_INTENT_CAPABILITY_V1 } from './engagement-intent-capability.template.js';

/** The templates shipped with the service. */
export const SHIPPED_TEMPLATES: readonly AssessmentTemplate[] = [ENGAGEMENT_INTENT_CAPABILITY_V1];

/**
 * The assessment templates held as data, by id and version. Every version stays available, so a
 * recorded assessment can always be read against the template it followed. Templates are checked
 * when they are added: a malformed one stops the service at boot, not at the first assessment.
 */
export class AssessmentTemplates {
  private readonly templates = new Map<string, AssessmentTemplate>();

  constructor(templates: readonly AssessmentTemplate[] = SHIPPED_TEMPLATES) {
    for (const template of templates) this.add(template);
  }

  add(template: AssessmentTemplate): void {
    const problems = templateProblems(template);
    if (problems.length > 0) throw new Error(`Assessment template ${template.id}: ${problems.join('; ')}`);
    const key = `${template.id}@${template.version}`;
    if (this.templates.has(key)) throw new Error(`Assessment template ${key} is defined twice`);
    this.templates.set(key, template);
  }

  get(id: string, version: number): AssessmentTemplate {
    const template = this.templates.get(`${id}@${version}`);
    if (!template) throw new AssessmentTemplateNotFoundError(id, version);
    return template;
  }

  /** The latest version of each template. */
  current(): AssessmentTemplate[] {
    const latest = new Map<string, AssessmentTemplate>();
    for (const template of this.templates.values()) {
      const seen = latest.get(template.id);
      if (!seen || seen.version < template.version) latest.set(template.id, template);
    }
    return [...latest.values()];
  }

  all(): AssessmentTemplate[] {
    return [...this.templates.values()];
  }
}

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function templateProblems(template: AssessmentTemplate): string[] {
  const problems: string[] = [];
  if (!CODE.test(template.id ?? '')) problems.push('id must be a kebab-case code');
  if (!Number.isInteger(template.version) || template.version < 1) problems.push('version must be a whole number ≥ 1');
  if (!template.dimensions?.length) problems.push('at least one dimension');
  const codes = new Set<string>();
  for (const dimension of template.dimensions ?? []) {
    if (!CODE.test(dimension.code ?? '')) problems.push(`dimension ${dimension.code}: code must be kebab-case`);
    if (codes.has(dimension.code)) problems.push(`dimension ${dimension.code}: defined twice`);
    codes.add(dimension.code);
    if (!dimension.ratings?.length) problems.push(`dimension ${dimension.code}: at least one rating`);
    const ratings = new Set(dimension.ratings?.map((rating) => rating.code));
    if (ratings.size !== (dimension.ratings?.length ?? 0))
      problems.push(`dimension ${dimension.code}: duplicate rating`);
  }
  return problems;
}

export { answerProblems };
