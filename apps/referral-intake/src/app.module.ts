import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ReferralIntakeConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/referral-intake.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: true,
      configs: [ReferralIntakeConfig],
    }),
  ],
})
export class AppModule {}
