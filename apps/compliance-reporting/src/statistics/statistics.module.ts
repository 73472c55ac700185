import { Module } from '@nestjs/common';
import { StatisticsSchemaInstaller } from './statistics-schema.installer.js';
import { LiveStatisticsVersion, StatisticsClock, StatisticsTables } from './statistics-tables.js';

/** The statistics projection's table and the release's tables read from it (ADR 090). */
@Module({
  providers: [
    StatisticsSchemaInstaller,
    StatisticsTables,
    { provide: StatisticsClock, useValue: new StatisticsClock() },
    { provide: LiveStatisticsVersion, useValue: new LiveStatisticsVersion() },
  ],
  exports: [StatisticsSchemaInstaller, StatisticsTables, StatisticsClock, LiveStatisticsVersion],
})
export class StatisticsModule {}
