import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTwoServices, type TwoServices } from './support/two-services.js';

describe('the intake and the panel in one test, on one database and the embedded transport', () => {
  let services: TwoServices;
  beforeAll(async () => {
    services = await startTwoServices();
  });
  afterAll(async () => {
    await services?.close();
  });

  it('both are ready, each with its messaging up', async () => {
    for (const app of [services.intake, services.panel]) {
      const response = await request(app.url).get('/health/ready').expect(200);
      expect(response.body.checks.messaging).toEqual({ status: 'up' });
    }
  });
});
