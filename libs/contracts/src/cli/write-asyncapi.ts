import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '../asyncapi.js';
import { asyncApiYaml } from '../asyncapi-yaml.js';
import { integrationContracts } from '../integration-contracts.js';

/** `npm run asyncapi`: writes docs/asyncapi.yaml (or the path given) from the contract registry. */
const target = resolve(process.argv[2] ?? 'docs/asyncapi.yaml');
writeFileSync(target, asyncApiYaml(asyncApiDocument(integrationContracts())));
// A command's answer on its standard output (a path; nothing personal), not a log line.
process.stdout.write(`wrote ${target}\n`);
