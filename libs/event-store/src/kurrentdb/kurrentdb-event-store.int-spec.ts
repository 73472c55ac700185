import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { KurrentDbEventStore, verifyKurrentHistory } from './kurrentdb-event-store.js';

/**
 * The shared contract suite runs against a real KurrentDB when KURRENTDB_URL names one
 * (for instance `esdb://localhost:2113?tls=false`); otherwise it is skipped, and says so.
 */
const url = process.env.KURRENTDB_URL;
const SKIPPED = 'KurrentDB contract suite skipped: KURRENTDB_URL is not set';

if (url) {
  const { eventStoreContract, contractUpcasters } = await import('../event-store.contract.js');
  eventStoreContract('KurrentDB', async () => {
    // A fresh checkpoint prefix per fixture: a long-lived server keeps the checkpoints of earlier runs.
    const checkpointStreamPrefix = `checkpoint_${randomBytes(6).toString('hex')}`;
    const open = () =>
      new KurrentDbEventStore({ connectionString: url, checkpointStreamPrefix, upcasters: contractUpcasters() });
    const stores: EventStore[] = [open()];
    return {
      store: stores[0],
      async openAnother() {
        const another = open();
        stores.push(another);
        return another;
      },
      async dispose() {
        await Promise.all(stores.map((store) => store.close()));
      },
    };
  });

  describe('KurrentDB history verifier', () => {
    const store = new KurrentDbEventStore({ connectionString: url });
    afterAll(() => store.close());

    it('finds no break in chains the adapter wrote', async () => {
      const streamId = `verifytest-${randomBytes(6).toString('hex')}`;
      const context = { actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'c-1' };
      await store.appendToStream(streamId, [{ type: 'A', data: { n: 1 } }], {
        ...context,
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(streamId, [{ type: 'B', data: { n: 2 } }], { ...context, expectedRevision: 0 });
      const report = await verifyKurrentHistory(store);
      expect(report.breaks.filter((broken) => broken.streamId === streamId)).toEqual([]);
      expect(report.eventsChecked).toBeGreaterThanOrEqual(2);
    });
  });
} else {
  // Skipped, visibly, only when no KurrentDB server is given: none can run on the machines this
  // project is built on (no Docker engine, not in the reachable registries). Set KURRENTDB_URL to run
  // the shared contract suite against a real server; the README says what this leaves unexercised.
  process.stderr.write(`\n${SKIPPED}\n\n`);
  describe.skip(SKIPPED, () => {
    it.skip(SKIPPED, () => undefined);
  });
}

describe('KurrentDB adapter without a server', () => {
  // Nothing listens on port 1: the connection is refused at once.
  const unreachable = 'esdb://127.0.0.1:1?tls=false&defaultDeadline=2000&keepAliveTimeout=2000';
  const context = { actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'c-1' };

  it('fails a read within seconds instead of hanging', async () => {
    const store = new KurrentDbEventStore({ connectionString: unreachable, deadline: 2000 });
    const started = Date.now();
    try {
      await expect(store.readStream('referral-1')).rejects.toThrow(/UNAVAILABLE|connect|deadline/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });

  it('fails an append within seconds, writing nothing', async () => {
    const store = new KurrentDbEventStore({ connectionString: unreachable, deadline: 2000 });
    const started = Date.now();
    try {
      await expect(
        store.appendToStream('referral-1', [{ type: 'ReferralReceived', data: {} }], {
          ...context,
          expectedRevision: 'no_stream',
        }),
      ).rejects.toThrow(/UNAVAILABLE|connect|deadline/i);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });

  it('fails a subscription through done and onError', async () => {
    const store = new KurrentDbEventStore({ connectionString: unreachable, deadline: 2000 });
    const errors: unknown[] = [];
    try {
      const subscription = store.subscribeToAll({
        subscriptionId: 'unreachable',
        handler: async () => undefined,
        onError: (error) => errors.push(error),
      });
      await expect(subscription.done).rejects.toThrow(/UNAVAILABLE|connect|deadline/i);
      expect(errors).toHaveLength(1);
      await subscription.stop();
    } finally {
      await store.close();
    }
  });

  it('fails the history verifier instead of reporting an empty history', async () => {
    const store = new KurrentDbEventStore({ connectionString: unreachable, deadline: 2000 });
    try {
      await expect(verifyKurrentHistory(store)).rejects.toThrow(/UNAVAILABLE|connect|deadline/i);
    } finally {
      await store.close();
    }
  });
});
