import { Module } from '@nestjs/common';

/** The web app's police officers' referral pages and the partner referral form. */
@Module({
  controllers: [],
  providers: [],
})
export class ReferralsModule {}
