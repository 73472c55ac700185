// Jest loads its global setup and teardown through require(), outside moduleNameMapper: hence the .ts imports.
import type { RunningPostgres } from '../../runtime/src/embedded-postgres.ts';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__preventTestPostgres as RunningPostgres | undefined;
  await server?.stop();
}
