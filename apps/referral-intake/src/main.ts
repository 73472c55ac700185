import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { AppModule } from './app.module.js';
import { ReferralIntakeConfig, SERVICE_NAME } from './config/referral-intake.config.js';

await bootstrapService({ name: SERVICE_NAME, module: AppModule, config: ReferralIntakeConfig });
