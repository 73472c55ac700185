import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ConfigurationClass, ConfigurationError, type ConfigurationProblem } from './config/config-schema.js';
import { PlatformConfig } from './config/platform.config.js';
import { JsonLogger } from './logging/json-logger.js';
import { setUpOpenApi } from './openapi/openapi.js';
import { PLATFORM_CONFIGS } from './platform.module.js';

export interface BootstrapOptions {
  /** The service's name, as in its `PlatformModule.forRoot`. */
  readonly name: string;
  readonly module: Type<unknown>;
  /** The service's configuration; its `port` is where the app listens. */
  readonly config: ConfigurationClass<{ readonly port: number }>;
}

/**
 * Starts a service: checks its configuration before anything else (exit code 1 and a
 * message naming the variable when it is wrong), creates the app with the JSON logger,
 * listens on HOST (127.0.0.1 by default) and stops gracefully on SIGTERM/SIGINT, or when
 * the launcher that started it goes away.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication | undefined> {
  // every configuration is checked before anything starts, and every problem named in one message
  const problems: ConfigurationProblem[] = [];
  for (const config of [...PLATFORM_CONFIGS, options.config]) {
    try {
      config.load(process.env);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) {
    new JsonLogger({ app: options.name }).fatal(new ConfigurationError(problems).message, 'Bootstrap');
    process.exitCode = 1;
    return undefined;
  }
  const platform = PlatformConfig.load(process.env);
  const port = options.config.load(process.env).port;

  const logger = new JsonLogger({ app: options.name, level: platform.logLevel });
  let app: INestApplication;
  try {
    app = await NestFactory.create(options.module, { logger, abortOnError: false, forceCloseConnections: true });
  } catch (error) {
    logger.fatal(error instanceof Error ? error.message : String(error), 'Bootstrap');
    process.exitCode = 1;
    return undefined;
  }
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  setUpOpenApi(app, { name: options.name });
  await app.listen(port, platform.host);
  const address = app.getHttpServer().address() as { address: string; port: number };
  logger.log(`${options.name} listening on http://${address.address}:${address.port}`, 'Bootstrap');

  if (process.send) {
    // Started by the launcher with an IPC channel: if the launcher dies, so does this app.
    process.once('disconnect', () => {
      logger.warn('launcher went away; shutting down', 'Bootstrap');
      void app.close().finally(() => process.exit(0));
    });
  }
  return app;
}
