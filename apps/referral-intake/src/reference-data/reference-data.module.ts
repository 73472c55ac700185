import { Module } from '@nestjs/common';
import { AssessmentTemplates } from '../assessment-templates/assessment-templates.js';
import { ReferenceDataHttpController } from './reference-data.http.controller.js';

/** Read-only reference data: the assessment templates and code lists the service ships with. */
@Module({
  controllers: [ReferenceDataHttpController],
  providers: [{ provide: AssessmentTemplates, useFactory: () => new AssessmentTemplates() }],
})
export class ReferenceDataModule {}
