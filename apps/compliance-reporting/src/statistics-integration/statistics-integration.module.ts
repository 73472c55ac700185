import { Module } from '@nestjs/common';
import { StatisticsModule } from '../statistics/statistics.module.js';
import { StatisticsConsumer } from './statistics.consumer.js';

/** The consumers of the intake's and the panel's events that feed the statistics (ADR 090). */
@Module({
  imports: [StatisticsModule],
  providers: [StatisticsConsumer],
})
export class StatisticsIntegrationModule {}

/** Give these to `PlatformModule.forRoot({ messaging: { consumers } })`. */
export const STATISTICS_CONSUMERS = [StatisticsConsumer];
