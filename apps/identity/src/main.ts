import 'reflect-metadata';
import { JsonLogger } from '@lib/platform';
import { identityConfigFromEnv } from './config/identity.config.js';
import { startIdentity } from './identity.app.js';

const config = identityConfigFromEnv();
const logger = new JsonLogger({ app: 'identity', level: config.logLevel });
const identity = await startIdentity(config, { logger });
logger.log(`OpenID provider ${config.issuer} (audience ${config.audience}) listening on ${identity.url}`, 'Bootstrap');
if (identity.demoUsers.length > 0) {
  // Passwords never go to a log: they are in the file, readable by its owner only.
  logger.warn(
    `${identity.demoUsers.length} demo users created on first start; their usernames, passwords and roles are in ${config.demoUsersFile} (mode 0600). Change or disable them before real use.`,
    'Bootstrap',
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void identity.close().then(() => process.exit(0)));
}
process.on('disconnect', () => void identity.close().then(() => process.exit(0)));
