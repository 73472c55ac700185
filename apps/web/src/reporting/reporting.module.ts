import { Module } from '@nestjs/common';

/** The web app's the statistics and compliance pages. */
@Module({
  controllers: [],
  providers: [],
})
export class ReportingModule {}
