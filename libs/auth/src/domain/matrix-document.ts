import { ACTIONS, ALL_ACTIONS } from './actions.js';
import { AUTHORISATION_MATRIX } from './authorisation-matrix.js';
import { ROLE_REACH, ROLES } from './roles.js';

export const MATRIX_BEGIN = '<!-- authorisation-matrix:begin (generated from libs/auth; a test keeps it equal) -->';
export const MATRIX_END = '<!-- authorisation-matrix:end -->';

/** The matrix as the Markdown tables of `docs/authorisation.md`. */
export function renderAuthorisationMatrix(): string {
  const header = `| action | personal data | ${ROLES.join(' | ')} |`;
  const rule = `|---|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = ALL_ACTIONS.map(
    (action) =>
      `| \`${action}\` | ${ACTIONS[action].personal ? 'yes' : 'no'} | ${ROLES.map((role) =>
        AUTHORISATION_MATRIX[action].includes(role) ? '✔' : '',
      ).join(' | ')} |`,
  );
  const reach = [
    '| role | reach into personal records |',
    '|---|---|',
    ...ROLES.map((role) => `| ${role} | ${ROLE_REACH[role]} |`),
  ];
  const meaning = [
    '| action | what it is |',
    '|---|---|',
    ...ALL_ACTIONS.map((a) => `| \`${a}\` | ${ACTIONS[a].description} |`),
  ];
  return [MATRIX_BEGIN, '', header, rule, ...rows, '', ...reach, '', ...meaning, '', MATRIX_END].join('\n');
}
