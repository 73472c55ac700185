import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics.module.js';
import { StatisticsController } from './statistics.http.controller.js';
import { statisticsSuppressionConfigProvider } from './statistics-suppression.config.js';

/** `GET /statistics` and `GET /statistics.csv`: the release's tables, suppressed (ADR 095, 096). */
@Module({
  imports: [StatisticsModule],
  controllers: [StatisticsController],
  providers: [statisticsSuppressionConfigProvider],
})
export class StatisticsHttpModule {}
