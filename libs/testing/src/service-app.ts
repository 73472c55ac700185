import { createServer } from 'node:net';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ENVIRONMENT, type Environment, JsonLogger, setUpOpenApi } from '@lib/platform';

/** A service's real app module, booted over a real socket with its own environment. */
export interface RunningTestApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The JSON lines the app logged. */
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function startTestApp(module: Type<unknown>, name: string, env: Environment): Promise<RunningTestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module] })
    .overrideProvider(ENVIRONMENT)
    .useValue(env)
    .compile();
  const logLines: string[] = [];
  const logger = new JsonLogger({ app: name, level: 'log', write: (line) => logLines.push(line) });
  const app = moduleRef.createNestApplication({ logger, forceCloseConnections: true });
  setUpOpenApi(app, { name });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, logLines, close: () => app.close() };
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
