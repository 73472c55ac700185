import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { Public } from '@lib/auth';
import type { Response } from 'express';
import pg from 'pg';

@Controller('health')
export class HealthController {
  constructor(@Inject(pg.Pool) private readonly pool: pg.Pool) {}

  @Get('live')
  @Public()
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  async ready(@Res() res: Response): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      res.status(200).json({ status: 'up', checks: { database: 'up' } });
    } catch {
      res.status(503).json({ status: 'down', checks: { database: 'down' } });
    }
  }
}
