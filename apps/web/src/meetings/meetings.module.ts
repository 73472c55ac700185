import { Module } from '@nestjs/common';

/** The web app's the Channel panel meeting pages. */
@Module({
  controllers: [],
  providers: [],
})
export class MeetingsModule {}
