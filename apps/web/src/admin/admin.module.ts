import { Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller.js';
import { CodeListsController } from './code-lists/code-lists.controller.js';
import { UsersController } from './users/users.controller.js';

/** The administrators' pages: users and roles, the audit log, the code lists and assessment templates. */
@Module({
  controllers: [UsersController, AuditController, CodeListsController],
  providers: [],
})
export class AdminModule {}
