import YAML from 'yaml';

const HEADER = '# Generated from libs/contracts by `npm run asyncapi`. Do not edit by hand.\n';

/** The document as written to docs/asyncapi.yaml (shared schema fragments written out, never as YAML aliases). */
export function asyncApiYaml(document: Record<string, unknown>): string {
  return HEADER + YAML.stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
