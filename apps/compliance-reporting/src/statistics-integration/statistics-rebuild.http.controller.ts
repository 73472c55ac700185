import { ConflictException, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import {
  StatisticsProjections,
  StatisticsRebuildInProgressError,
  type StatisticsRebuildProgress,
} from './statistics-projections.js';

/** The rebuild of the statistics projection into a new version beside the live one (ADR 091). */
@ApiTags('statistics')
@Controller('admin/statistics')
export class StatisticsRebuildController {
  constructor(@Inject(StatisticsProjections) private readonly projections: StatisticsProjections) {}

  @Post('rebuild')
  @HttpCode(202)
  @Allow('statistics:rebuild')
  @ApiOperation({
    summary: 'Builds the statistics into a new version from the start of the topics; switches to it when caught up',
  })
  @ApiResponse({ status: 202, description: 'The rebuild has started; its progress' })
  @ApiResponse({ status: 409, description: 'A rebuild is already in progress (statistics.rebuild-in-progress)' })
  async rebuild(): Promise<StatisticsRebuildProgress> {
    try {
      return await this.projections.startRebuild();
    } catch (error) {
      if (error instanceof StatisticsRebuildInProgressError) {
        throw new ConflictException({ code: error.code, message: error.message, version: error.version });
      }
      throw error;
    }
  }

  @Get('rebuild')
  @Allow('statistics:rebuild')
  @ApiOperation({ summary: 'The live version and the progress of a rebuild: messages applied, lag per partition' })
  @ApiOkResponse({ description: 'The live version; the rebuild, or null when none is in progress' })
  progress(): Promise<StatisticsRebuildProgress> {
    return this.projections.progress();
  }
}
