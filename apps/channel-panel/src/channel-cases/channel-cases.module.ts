import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { AssessCaseHttpController } from './assessing-a-case/assess-case.http.controller.js';
import { ChannelCaseCommands } from './case-commands.js';
import { CorrectPersonalDetailsHttpController } from './correcting-personal-details/correct-personal-details.http.controller.js';
import { DecideCaseHttpController } from './deciding-at-panel/decide-case.http.controller.js';
import { ExitCaseHttpController } from './exiting-a-case/exit-case.http.controller.js';
import { OpenCaseHandler } from './opening-a-case/open-case.handler.js';
import { OpenCaseHttpController } from './opening-a-case/open-case.http.controller.js';
import { PrepareCaseHttpController } from './preparing-a-case/prepare-case.http.controller.js';
import { ReadCaseHttpController } from './reading-a-case/read-case.http.controller.js';
import { RecordConsentHttpController } from './recording-consent/record-consent.http.controller.js';
import { SupportCaseHttpController } from './supporting-a-case/support-case.http.controller.js';

/** The write side of Channel cases: the panel's commands over HTTP, and the opening from the intake. */
@Module({
  controllers: [
    OpenCaseHttpController,
    ReadCaseHttpController,
    CorrectPersonalDetailsHttpController,
    PrepareCaseHttpController,
    AssessCaseHttpController,
    DecideCaseHttpController,
    RecordConsentHttpController,
    SupportCaseHttpController,
    ExitCaseHttpController,
  ],
  providers: [{ provide: Clock, useClass: SystemClock }, ChannelCaseCommands, OpenCaseHandler],
  exports: [OpenCaseHandler, ChannelCaseCommands],
})
export class ChannelCasesModule {}
