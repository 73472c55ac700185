import type { AssessmentTemplateFacts } from '../domain/channel-case.commands.js';

const RATINGS = [{ code: 'low' }, { code: 'medium' }, { code: 'high' }];

/**
 * The assessment templates the panel assesses against, held as data by id and version. The old
 * Vulnerability Assessment Framework's three dimensions are the first template (domain §3.3).
 */
export const PANEL_ASSESSMENT_TEMPLATES: readonly AssessmentTemplateFacts[] = [
  {
    id: 'engagement-intent-capability',
    version: 1,
    dimensions: [
      { code: 'engagement', ratings: RATINGS },
      { code: 'intent', ratings: RATINGS },
      { code: 'capability', ratings: RATINGS },
    ],
  },
];

/** The latest version of a template, or undefined. */
export function currentTemplate(id: string): AssessmentTemplateFacts | undefined {
  return PANEL_ASSESSMENT_TEMPLATES.filter((template) => template.id === id).sort((a, b) => b.version - a.version)[0];
}
