import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ReferenceDataModule } from './reference-data/reference-data.module.js';
import { ReferralIntakeConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/referral-intake.config.js';
import {
  REFERRAL_INTAKE_MESSAGING,
  ReferralIntegrationModule,
} from './referrals/integration/referral-integration.module.js';
import { IntakeReadModelsModule } from './referrals/read-models/intake-read-models.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { SubjectsModule } from './subjects/subjects.module.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: true,
      configs: [ReferralIntakeConfig],
      messaging: REFERRAL_INTAKE_MESSAGING,
    }),
    ReferralIntegrationModule,
    IntakeReadModelsModule,
    ReferralsModule,
    SubjectsModule,
    ReferenceDataModule,
  ],
})
export class AppModule {}
