// Progressive enhancement only: every page works without it.
import { initAll as initGovuk } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';
import { startSessionTimeout } from '/assets/session-timeout.js';

initGovuk();
initMoj();
startSessionTimeout(document);
