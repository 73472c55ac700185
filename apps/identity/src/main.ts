import 'reflect-metadata';
import { identityConfigFromEnv } from './config/identity.config.js';
import { startIdentity } from './identity.app.js';

const config = identityConfigFromEnv();
const identity = await startIdentity(config);
console.log(`identity: OpenID provider ${config.issuer} (audience ${config.audience}) listening on ${identity.url}`);
if (identity.demoUsers.length > 0) {
  console.log(
    `identity: demo users created on first start (shown once here, and kept in ${config.demoUsersFile}, mode 0600; change or disable them before real use):`,
  );
  for (const user of identity.demoUsers) {
    console.log(`  ${user.username.padEnd(36)} ${user.password}  ${user.role}${user.area ? ` @ ${user.area}` : ''}`);
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void identity.close().then(() => process.exit(0)));
}
process.on('disconnect', () => void identity.close().then(() => process.exit(0)));
