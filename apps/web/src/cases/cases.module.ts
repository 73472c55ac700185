import { Module } from '@nestjs/common';
import { CaseActionsController } from './case-actions.controller.js';
import { CaseFormPages } from './case-form-pages.js';
import { CasePanel } from './case-panel.js';
import { CaseController } from './case.controller.js';
import { CasesController } from './cases.controller.js';

/**
 * The Channel case pages for coordinators, chairs, panel members and intervention providers: the
 * case list and work lists, a case's summary, support plan and timeline, and the actions on it.
 * `CasesController` comes first so that `/cases/new` and `/cases/work-lists/*` are not read as a case id.
 */
@Module({
  controllers: [CasesController, CaseController, CaseActionsController],
  providers: [CasePanel, CaseFormPages],
})
export class CasesModule {}
