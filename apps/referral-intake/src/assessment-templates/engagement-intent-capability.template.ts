import type { AssessmentTemplate } from './domain/assessment-template.js';

const SCALE = [
  { code: 'none', label: 'No indication' },
  { code: 'low', label: 'Low' },
  { code: 'medium', label: 'Medium' },
  { code: 'high', label: 'High' },
] as const;

/**
 * The first gateway assessment template: the three dimensions of the Vulnerability Assessment
 * Framework (engagement, intent, capability), each rated on one four-point scale with the
 * officer's evidence. The national Prevent Assessment Framework that replaced it is not public;
 * when it is loaded it comes as a new template, not as a change to this one.
 */
export const ENGAGEMENT_INTENT_CAPABILITY_V1: AssessmentTemplate = Object.freeze({
  id: 'engagement-intent-capability',
  version: 1,
  title: 'Engagement, intent and capability',
  description:
    'The three dimensions of the Vulnerability Assessment Framework, as a first gateway assessment template.',
  dimensions: [
    {
      code: 'engagement',
      title: 'Engagement with a group, cause or ideology',
      guidance:
        'How far the person is engaged with a group, cause or ideology: needs met by it, identity, grievances, ' +
        'exposure to extremist material or people, susceptibility to influence.',
      ratings: SCALE,
    },
    {
      code: 'intent',
      title: 'Intent to cause harm',
      guidance:
        'Whether the person has expressed or shown an intent to cause harm: over-identification with a group, ' +
        'us-and-them thinking, dehumanising others, harmful objectives, attitudes that justify offending.',
      ratings: SCALE,
    },
    {
      code: 'capability',
      title: 'Capability to cause harm',
      guidance:
        'Whether the person could cause harm: individual knowledge, skills and competencies, access to networks, ' +
        'funding or equipment, criminal capability.',
      ratings: SCALE,
    },
  ],
});
