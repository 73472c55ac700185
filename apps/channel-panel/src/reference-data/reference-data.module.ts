import { Module } from '@nestjs/common';
import { ReferenceDataHttpController } from './reference-data.http.controller.js';

/** Read-only reference data: the code lists the service ships with. */
@Module({ controllers: [ReferenceDataHttpController] })
export class ReferenceDataModule {}
