import { Module } from '@nestjs/common';

/** The web app's the administrators' pages. */
@Module({
  controllers: [],
  providers: [],
})
export class AdminModule {}
