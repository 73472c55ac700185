import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module.js';
import { CorrectSubjectDetailsHandler } from './correcting-subject-details/correct-subject-details.handler.js';
import { CorrectSubjectDetailsHttpController } from './correcting-subject-details/correct-subject-details.http.controller.js';
import { ReadSubjectHttpController } from './reading-a-subject/read-subject.http.controller.js';

/**
 * A subject's record: read it (audited, with its revision as the ETag) and correct its details
 * with a reason. Imported after the read models, so that `/subjects/matches` is routed before
 * `/subjects/:id`.
 */
@Module({
  imports: [ReferralsModule],
  controllers: [ReadSubjectHttpController, CorrectSubjectDetailsHttpController],
  providers: [CorrectSubjectDetailsHandler],
})
export class SubjectsModule {}
