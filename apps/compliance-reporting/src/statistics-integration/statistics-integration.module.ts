import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { StatisticsProjections } from './statistics-projections.js';
import { StatisticsRebuildController } from './statistics-rebuild.http.controller.js';

/**
 * The consumers of the intake's and the panel's events that feed the statistics (ADR 090), one per
 * projection version, and the rebuild of a new version beside the live one (ADR 091).
 */
@Module({
  imports: [StatisticsModule],
  providers: [StatisticsProjections],
  controllers: [StatisticsRebuildController],
  exports: [StatisticsProjections],
})
export class StatisticsIntegrationModule {}
