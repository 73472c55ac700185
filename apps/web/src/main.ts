import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigurationError, type ConfigurationProblem, JsonLogger, OidcConfig, PlatformConfig } from '@lib/platform';
import { APP_NAME, WebConfig } from './config/web.config.js';
import { frontendPackages, webRoot } from './views/paths.js';
import { WebModule } from './web.module.js';

// every setting is checked before anything starts, every problem named in one message
const problems: ConfigurationProblem[] = [];
for (const load of [
  () => PlatformConfig.load(process.env),
  () => OidcConfig.load(process.env),
  () => WebConfig.load(process.env),
]) {
  try {
    load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
}
if (problems.length > 0) {
  new JsonLogger({ app: APP_NAME }).fatal(new ConfigurationError(problems).message, 'Bootstrap');
  process.exit(1);
}
const platform = PlatformConfig.load(process.env);
const web = WebConfig.load(process.env);
const logger = new JsonLogger({ app: APP_NAME, level: platform.logLevel });

const app = await NestFactory.create<NestExpressApplication>(WebModule, {
  logger,
  abortOnError: false,
  forceCloseConnections: true,
}).catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
});
app.disable('x-powered-by');
if (new URL(web.publicUrl).protocol === 'https:') app.set('trust proxy', 1);
// the GOV.UK and MoJ Design System assets, then the app's own; long-cached, never personal
const { govukDist, mojRoot } = frontendPackages();
const cached = { maxAge: '1d', index: false, fallthrough: true } as const;
app.useStaticAssets(join(webRoot(), 'public'), { prefix: '/assets', ...cached });
app.useStaticAssets(join(govukDist, 'govuk', 'assets'), { prefix: '/assets', ...cached });
app.useStaticAssets(join(mojRoot, 'moj', 'assets'), { prefix: '/assets', ...cached });
app.useStaticAssets(join(govukDist, 'govuk'), { prefix: '/assets/govuk', ...cached });
app.useStaticAssets(join(mojRoot, 'moj'), { prefix: '/assets/moj', ...cached });
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
try {
  await app.listen(web.port, platform.host);
} catch (error) {
  logger.fatal(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
}
logger.log(`web listening on http://${platform.host}:${web.port} (public address ${web.publicUrl})`, 'Bootstrap');
if (process.send) {
  // started by the launcher with an IPC channel: if the launcher dies, so does this app
  process.once('disconnect', () => {
    logger.warn('launcher went away; shutting down', 'Bootstrap');
    void app.close().finally(() => process.exit(0));
  });
}
