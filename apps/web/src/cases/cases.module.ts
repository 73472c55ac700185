import { Module } from '@nestjs/common';

/** The web app's the Channel case pages for coordinators, chairs, members and intervention providers. */
@Module({
  controllers: [],
  providers: [],
})
export class CasesModule {}
