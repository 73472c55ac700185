/**
 * An assessment template: the questions of a gateway assessment, held as data and versioned, so
 * that an assessment framework can be loaded and replaced without code changes (domain §3.3). A
 * recorded assessment names the template's id and version; a template once used is never edited,
 * only superseded by a new version.
 */
export interface AssessmentTemplate {
  /** Stable id, kebab-case (`engagement-intent-capability`). */
  readonly id: string;
  /** Whole number, from 1; a changed template is a new version. */
  readonly version: number;
  readonly title: string;
  readonly description: string;
  /** The dimensions the assessor rates, each once. */
  readonly dimensions: readonly AssessmentDimension[];
}

/** One thing the assessor rates (`engagement`), on the dimension's own scale. */
export interface AssessmentDimension {
  readonly code: string;
  readonly title: string;
  /** The question or guidance shown to the assessor. */
  readonly guidance: string;
  readonly ratings: readonly AssessmentRating[];
}

export interface AssessmentRating {
  readonly code: string;
  readonly label: string;
}

/** What is wrong with a set of answers, one line per problem (codes only, never the answers' text). */
export function answerProblems(
  template: AssessmentTemplate,
  answers: readonly { readonly dimension: string; readonly rating: string }[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    const dimension = template.dimensions.find((candidate) => candidate.code === answer.dimension);
    if (!dimension) {
      problems.push(`${answer.dimension}: not a dimension of ${template.id} v${template.version}`);
      continue;
    }
    if (seen.has(answer.dimension)) problems.push(`${answer.dimension}: answered more than once`);
    seen.add(answer.dimension);
    if (!dimension.ratings.some((rating) => rating.code === answer.rating)) {
      problems.push(`${answer.dimension}: ${answer.rating} is not one of its ratings`);
    }
  }
  for (const dimension of template.dimensions) {
    if (!seen.has(dimension.code)) problems.push(`${dimension.code}: not answered`);
  }
  return problems;
}
