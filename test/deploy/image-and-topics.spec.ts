import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTEGRATION_TOPICS } from '@lib/contracts';
import { deadLetterTopic, replayTopic } from '@lib/messaging';
import { statisticsGroupId } from '../../apps/compliance-reporting/src/statistics-integration/statistics.consumer.js';
import { composeEnvironment, read, readCompose, root } from './support/deployment.js';

/**
 * The image (deploy/Dockerfile) and the topics (deploy/kafka/create-topics.sh), read as text: no
 * container engine runs on the build machines, so neither is built or run here.
 */
describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const stage = (name: string) => stages.find((text) => new RegExp(`^\\S+ AS ${name}\\b`).test(text)) ?? '';

  it('builds in one stage and runs in another, both on the current Node.js LTS (24)', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-[a-z-]+$/m);
    expect(stages.map((text) => text.split('\n')[0])).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
    expect(stage('build')).toMatch(/^RUN npm ci\b(?!.*--omit)/m);
    expect(stage('build')).toMatch(/npm run build/);
  });

  it('installs production dependencies only in the runtime stage and takes the build from the build stage', () => {
    const runtime = stage('runtime');
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).not.toMatch(/npm run build|npm install/);
    expect(runtime).toMatch(/^COPY --from=build /m);
    expect(runtime).not.toMatch(/^COPY (apps|libs|\.) /m);
  });

  it('runs as a non-root user given by number (so Kubernetes can check runAsNonRoot), through the entrypoint', () => {
    const user = /^USER (\d+):(\d+)$/m.exec(stage('runtime'));
    expect(user).not.toBeNull();
    expect(Number(user![1])).toBeGreaterThan(0);
    expect(stage('runtime')).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/prevent"\]$/m);
    expect(stage('runtime')).toMatch(/COPY --chmod=0755 deploy\/docker-entrypoint\.sh \/usr\/local\/bin\/prevent/);
  });

  it('keeps local data, secrets, dependencies and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const pattern of ['.git', '.data', '.env', 'node_modules', 'dist', 'test']) expect(ignored).toContain(pattern);
    expect(ignored).toContain('!.env.example');
  });
});

describe('deploy/kafka/create-topics.sh', () => {
  const script = read('deploy/kafka/create-topics.sh');
  const listed = (name: string) =>
    (new RegExp(`^${name}=\\(\\n([\\s\\S]*?)\\n\\)`, 'm').exec(script)?.[1] ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

  /** Every consumer group the apps' code names (`groupId = '...'`, `..._GROUP = '...'`), and the statistics'. */
  function consumerGroupsInCode(): string[] {
    const groups = new Set<string>([statisticsGroupId()]);
    for (const app of readdirSync(join(root, 'apps'))) {
      const files = readdirSync(join(root, 'apps', app), { recursive: true, withFileTypes: true }).filter(
        (entry) => entry.isFile() && entry.name.endsWith('.ts') && !/spec\.ts$/.test(entry.name),
      );
      for (const file of files) {
        const text = readFileSync(join(file.parentPath, file.name), 'utf8');
        for (const match of text.matchAll(/(?:groupId|_GROUP)\s*=\s*'([^']+)'/g)) groups.add(match[1]);
      }
    }
    return [...groups].sort();
  }

  it('creates every integration topic of libs/contracts', () => {
    expect(listed('integration_topics').sort()).toEqual(INTEGRATION_TOPICS.map((topic) => topic.name).sort());
  });

  it('creates the dead-letter and replay topics of every consumer group in the code', () => {
    const groups = consumerGroupsInCode();
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(listed('consumer_groups').sort()).toEqual(groups);
    // named as libs/messaging names them
    expect(script).toContain('"dead-letter.$group"');
    expect(script).toContain('"replay.$group"');
    expect(deadLetterTopic('g')).toBe('dead-letter.g');
    expect(replayTopic('g')).toBe('replay.g');
  });

  it('sets partitions, replication and retention explicitly; keeps everything, never compacts', () => {
    expect(script).toMatch(/--partitions "\$partitions" --replication-factor "\$replication"/);
    expect(script).toMatch(/--config retention\.ms=-1 --config retention\.bytes=-1 --config cleanup\.policy=delete/);
    expect(script).toMatch(/--add-config "\$retention"/);
    expect(script).not.toMatch(/cleanup\.policy=compact/);
  });

  it('is given the same partitions as the apps, by the one-shot job everything waits on', () => {
    const compose = readCompose();
    const job = composeEnvironment(compose.services['kafka-init']);
    for (const app of ['referral-intake', 'channel-panel', 'compliance-reporting']) {
      expect({ app, partitions: composeEnvironment(compose.services[app]).MESSAGING_PARTITIONS }).toEqual({
        app,
        partitions: job.MESSAGING_PARTITIONS,
      });
    }
    expect(compose.services['kafka-init'].restart).toBe('no');
    const kafka = composeEnvironment(compose.services.kafka);
    // no ZooKeeper: KRaft, the broker its own controller; topics the apps make keep everything too
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(Object.keys(kafka).some((name) => /ZOOKEEPER/.test(name))).toBe(false);
    expect(kafka.KAFKA_LOG_RETENTION_MS).toBe('-1');
  });
});
