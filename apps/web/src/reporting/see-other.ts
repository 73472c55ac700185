import type { Request, Response } from 'express';

/**
 * The 303 after a successful post, sent once the session (with its flash message) is saved.
 * express-session saves a changed session while it ends the response, and the headers may reach
 * the browser first: the page it is sent to could then be read from the session as it was, without
 * the flash. Saving first closes that race.
 */
export async function seeOther(req: Request, res: Response, location: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
  res.redirect(303, location);
}
