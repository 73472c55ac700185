import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@lib/auth';
import { type Readiness, ReadinessChecks } from './readiness.js';

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessChecks) {}

  /** The process runs and serves HTTP. */
  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every check passes; 503 naming the failing ones otherwise. */
  @Get('ready')
  @Public()
  async ready(): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (readiness.status !== 'ok') throw new ServiceUnavailableException(readiness);
    return readiness;
  }
}
