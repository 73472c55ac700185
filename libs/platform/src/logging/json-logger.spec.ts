import { describe, expect, it } from '@jest/globals';
import { runWithCorrelationId } from './correlation.js';
import { JsonLogger } from './json-logger.js';
import { REDACTED, redact } from './redact.js';

const at = new Date('2025-03-01T10:00:00.000Z');

function capture(level?: 'log' | 'warn' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = new JsonLogger({
    app: 'referral-intake',
    level,
    clock: () => at,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  return { logger, lines, raw };
}

describe('the JSON logger', () => {
  it('writes one JSON object per line with time, level, app, context and message', () => {
    const { logger, lines, raw } = capture();
    logger.log('referral received', 'ReferralsController');
    expect(raw).toEqual([
      '{"time":"2025-03-01T10:00:00.000Z","level":"info","app":"referral-intake","context":"ReferralsController","message":"referral received"}\n',
    ]);
    expect(lines).toHaveLength(1);
  });

  it('adds the correlation id of the work in hand', () => {
    const { logger, lines } = capture();
    runWithCorrelationId('corr-42', () => logger.warn('slow query', 'Database'));
    logger.warn('outside');
    expect(lines[0]).toMatchObject({ level: 'warn', correlationId: 'corr-42', message: 'slow query' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('keeps the stack trace of an error apart from its context', () => {
    const { logger, lines } = capture();
    const error = new Error('boom');
    logger.error('append failed', error.stack, 'EventStore');
    logger.error(error);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'EventStore', message: 'append failed' });
    expect(lines[0].stack).toContain('Error: boom');
    expect(lines[1]).toMatchObject({ message: 'boom', error: { name: 'Error', message: 'boom' } });
  });

  it('redacts personal data in structured messages, at any depth', () => {
    const { logger, lines } = capture();
    logger.log(
      {
        message: 'referral received',
        referralId: 'ref-1',
        subject: { firstName: 'Amira', last_name: 'Khan', dateOfBirth: '2009-04-01', age: 15 },
        contacts: [{ email: 'a@example.org', phone: '07700 900123', role: 'parent' }],
      },
      'Referrals',
    );
    expect(lines[0]).toEqual({
      time: '2025-03-01T10:00:00.000Z',
      level: 'info',
      app: 'referral-intake',
      context: 'Referrals',
      message: 'referral received',
      referralId: 'ref-1',
      subject: { firstName: REDACTED, last_name: REDACTED, dateOfBirth: REDACTED, age: 15 },
      contacts: [{ email: REDACTED, phone: REDACTED, role: 'parent' }],
    });
    expect(JSON.stringify(lines)).not.toMatch(/Amira|Khan|2009-04-01|example\.org|07700/);
  });

  it('redacts extra arguments too, and cannot be fooled into overwriting its own fields', () => {
    const { logger, lines } = capture();
    logger.log(
      { message: 'x', level: 'fatal', app: 'other' },
      { nhsNumber: '943 476 5919', address: { line1: 'x' } },
      'Ctx',
    );
    expect(lines[0]).toMatchObject({
      level: 'info',
      app: 'referral-intake',
      'field.level': 'fatal',
      'field.app': 'other',
      details: [{ nhsNumber: REDACTED, address: REDACTED }],
    });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.error('shown');
    expect(lines.map((line) => line.message)).toEqual(['shown']);
    logger.setLogLevels(['debug', 'log', 'warn', 'error']);
    logger.debug('now shown');
    expect(lines).toHaveLength(2);
  });
});

describe('redaction', () => {
  it('matches keys whatever their case or separators, and survives cycles, dates and bigints', () => {
    const cyclic: Record<string, unknown> = { NAME: 'x', 'Full-Name': 'y', when: at, big: 10n };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({
      NAME: REDACTED,
      'Full-Name': REDACTED,
      when: '2025-03-01T10:00:00.000Z',
      big: '10',
      self: '[circular]',
    });
  });

  it('leaves the original object untouched', () => {
    const original = { name: 'Amira' };
    redact(original);
    expect(original).toEqual({ name: 'Amira' });
  });
});
