import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DeadLetterNotFoundError, PostgresDeadLetters } from '../dead-letters/postgres-dead-letters.js';
import { replayTopic } from '../dead-letters/replay.js';
import { KafkaTransport } from '../kafka/kafka-transport.js';
import { PostgresLogTransport } from '../postgres/postgres-log-transport.js';
import type { DeadLetter, MessageTransport } from '../transport.port.js';

/**
 * `npm run dlq -- list [--group <groupId>] | show <id> | replay <id>`: inspects and replays the
 * dead letters kept in PostgreSQL (ADR 022).
 *
 * - `DATABASE_URL`: default the embedded runtime's database.
 * - `MESSAGING_SCHEMA`: default `messaging`.
 * - `MESSAGING_PARTITIONS`: partitions per topic of the PostgreSQL log, as the services use it
 *   (default 8): a replay is partitioned by its key like any message.
 * - `KAFKA_BROKERS` (comma-separated): replay through Kafka instead of the PostgreSQL log.
 *
 * Exit code 0 when done, 1 when the dead letter does not exist, 2 on a usage error or failure.
 */
export const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54320/prevent';
export const DEFAULT_MESSAGING_SCHEMA = 'messaging';

const USAGE = 'usage: npm run dlq -- list [--group <groupId>] | show <id> | replay <id>';

export async function runDlq(
  argv: readonly string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
  // The command's report on standard output: dead letters hold contract payloads (codes, ids, and
  // personal data only as sealed envelopes), never plaintext personal data.
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  const valid =
    (command === 'list' && (rest.length === 0 || (rest.length === 2 && rest[0] === '--group'))) ||
    ((command === 'show' || command === 'replay') && rest.length === 1);
  if (!valid) {
    out(USAGE);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL || DEFAULT_DATABASE_URL, max: 2 });
  pool.on('error', () => undefined);
  const schema = env.MESSAGING_SCHEMA || DEFAULT_MESSAGING_SCHEMA;
  let transport: MessageTransport | undefined;
  try {
    if (command === 'replay') transport = replayTransport(pool, schema, env);
    const deadLetters = new PostgresDeadLetters({ pool, schema, transport });
    switch (command) {
      case 'list': {
        const letters = await deadLetters.list(rest[1]);
        if (letters.length === 0) out('No dead letters.');
        for (const letter of letters) out(describe(letter));
        return 0;
      }
      case 'show': {
        const letter = await deadLetters.show(rest[0]);
        if (!letter) {
          out(`No dead letter ${rest[0]}.`);
          return 1;
        }
        out(JSON.stringify(letter, null, 2));
        return 0;
      }
      default: {
        const letter = await deadLetters.show(rest[0]);
        await deadLetters.replay(rest[0]);
        out(
          `Replayed dead letter ${rest[0]} to ${replayTopic(letter?.groupId ?? '?')}: group ${letter?.groupId} only.`,
        );
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError) {
      out(`No dead letter ${error.id}.`);
      return 1;
    }
    out(`dlq failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await transport?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

/** One line per dead letter: id, group, where it came from, what it is, why it was given up, whether replayed. */
export function describe(letter: DeadLetter): string {
  const { original } = letter;
  const state = letter.replayedAt ? `replayed ${letter.replayedAt}` : 'not replayed';
  const error = letter.error.split('\n')[0];
  return (
    `${letter.id}  group=${letter.groupId}  ${original.topic}[${original.partition}]@${original.offset}  ` +
    `key=${original.key}  type=${original.headers.type} v${original.headers.schemaVersion}  ` +
    `attempts=${letter.attempts}  dead-lettered ${letter.deadLetteredAt}  ${state}  error: ${error}`
  );
}

function replayTransport(pool: pg.Pool, schema: string, env: Record<string, string | undefined>): MessageTransport {
  if (env.KAFKA_BROKERS) {
    return new KafkaTransport({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'dlq', clientRetries: 2 });
  }
  const partitions = env.MESSAGING_PARTITIONS ? Number(env.MESSAGING_PARTITIONS) : undefined;
  return new PostgresLogTransport({ pool, schema, partitions });
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runDlq().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
