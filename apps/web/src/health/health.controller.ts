import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@lib/auth';
import pg from 'pg';

/** Liveness and readiness, as every app of the system answers them. */
@Controller('health')
export class WebHealthController {
  constructor(@Inject(pg.Pool) private readonly pool: pg.Pool) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when the session store answers (the services are checked by their own probes). */
  @Get('ready')
  @Public()
  async ready(): Promise<{ status: 'ok'; checks: { sessions: { status: 'up' } } }> {
    try {
      await this.pool.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({
        status: 'unavailable',
        checks: { sessions: { status: 'down', detail: 'the session database did not answer' } },
      });
    }
    return { status: 'ok', checks: { sessions: { status: 'up' } } };
  }
}
