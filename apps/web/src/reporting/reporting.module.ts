import { Module } from '@nestjs/common';
import { ComplianceDashboardController } from './compliance/compliance-dashboard.controller.js';
import { ComplianceRecordingController } from './compliance/compliance-recording.controller.js';
import { StatisticsController } from './statistics/statistics.controller.js';

/**
 * The web app's statistics and compliance pages (Prevent board members, coordinators,
 * administrators). The recording controller comes first, so that `/compliance/register` is routed
 * before `/compliance/:id`.
 */
@Module({
  controllers: [StatisticsController, ComplianceRecordingController, ComplianceDashboardController],
  providers: [],
})
export class ReportingModule {}
