import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MATRIX_BEGIN, MATRIX_END, renderAuthorisationMatrix } from './domain/matrix-document.js';

describe('docs/authorisation.md', () => {
  it('shows the matrix that the code enforces', () => {
    const document = readFileSync(new URL('../../../docs/authorisation.md', import.meta.url), 'utf8');
    const start = document.indexOf(MATRIX_BEGIN);
    const end = document.indexOf(MATRIX_END);
    expect(start).toBeGreaterThanOrEqual(0);
    // on a mismatch, paste the received text into the document
    expect(document.slice(start, end + MATRIX_END.length)).toBe(renderAuthorisationMatrix());
  });
});
