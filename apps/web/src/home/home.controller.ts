import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@lib/auth';
import { SignedIn } from '../auth/web-access.js';
import { Views } from '../views/views.js';

/** The start page after sign-in: the sections the user's roles open to them. */
@Controller()
export class HomeController {
  constructor(@Inject(Views) private readonly views: Views) {}

  @Get()
  @SignedIn()
  home(@Res() res: Response) {
    this.views.render(res, 'home.njk');
  }

  @Get('accessibility')
  @Public()
  accessibility(@Res() res: Response) {
    this.views.render(res, 'accessibility.njk');
  }

  @Get('privacy')
  @Public()
  privacy(@Res() res: Response) {
    this.views.render(res, 'privacy.njk');
  }
}
