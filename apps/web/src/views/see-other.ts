import type { Request, Response } from 'express';

/**
 * Post/redirect/get: a 303 to the next page, with a message for it when given (a GOV.UK
 * notification banner). The session, flash included, is saved before the redirect is sent (the
 * session middleware sees to that for every redirect).
 */
export function seeOther(
  req: Request,
  res: Response,
  location: string,
  flash?: { readonly heading: string; readonly text?: string },
): void {
  if (flash) req.session.flash = flash;
  res.redirect(303, location);
}
