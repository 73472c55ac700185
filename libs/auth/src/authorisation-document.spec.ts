import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MATRIX_BEGIN, MATRIX_END, renderAuthorisationMatrix } from './domain/matrix-document.js';
import { ROLES } from './domain/roles.js';

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

describe('deploy/keycloak/realm-prevent.json', () => {
  it('defines exactly the roles of the matrix, the area and roles claims and the audience', () => {
    const realm = JSON.parse(
      readFileSync(new URL('../../../deploy/keycloak/realm-prevent.json', import.meta.url), 'utf8'),
    );
    expect(realm.roles.realm.map((role: { name: string }) => role.name)).toEqual([...ROLES]);
    const web = realm.clients.find((client: { clientId: string }) => client.clientId === 'web');
    expect(web).toMatchObject({ publicClient: true, standardFlowEnabled: true, implicitFlowEnabled: false });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    const claims = web.protocolMappers.map(
      (m: { config: Record<string, string> }) => m.config['claim.name'] ?? m.config['included.custom.audience'],
    );
    expect(claims).toEqual(expect.arrayContaining(['area', 'roles', 'urn:prevent:api']));
  });
});
