import { Controller, HttpCode, Post } from '@nestjs/common';
import { Allow } from '@lib/auth';
import { ProjectionRunner, type RebuildResult } from './projection-runner.js';

@Controller('admin/read-models')
export class ReadModelsAdminController {
  constructor(private readonly runner: ProjectionRunner) {}

  /**
   * Empties the service's read models and replays the event store from the start; answers once
   * they have caught up. Read models are disposable: nothing is lost, the store is the record.
   */
  @Post('rebuild')
  @HttpCode(200)
  @Allow('read-models:rebuild')
  rebuild(): Promise<RebuildResult> {
    return this.runner.rebuild();
  }
}
