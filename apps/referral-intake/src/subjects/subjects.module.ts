import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module.js';
import { CorrectSubjectDetailsHandler } from './correcting-subject-details/correct-subject-details.handler.js';
import { CorrectSubjectDetailsHttpController } from './correcting-subject-details/correct-subject-details.http.controller.js';
import { SubjectCorrectionsProcessManager } from './propagating-corrections/subject-corrections.process-manager.js';
import { ReadSubjectHttpController } from './reading-a-subject/read-subject.http.controller.js';

/**
 * A subject's record: read it (audited, with its revision as the ETag) and correct its details
 * with a reason; a correction of the date of birth, gender or area is carried onto the subject's
 * referrals by {@link SubjectCorrectionsProcessManager}. Imported after the read models, so that `/subjects/matches` is routed before
 * `/subjects/:id`.
 */
@Module({
  imports: [ReferralsModule],
  controllers: [ReadSubjectHttpController, CorrectSubjectDetailsHttpController],
  providers: [CorrectSubjectDetailsHandler, SubjectCorrectionsProcessManager],
})
export class SubjectsModule {}
