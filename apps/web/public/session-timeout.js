// The session timeout warning: two minutes before an idle session ends, a dialog offers to stay
// signed in (a request renews the session); at the end the browser goes to the timed-out page.
const WARN_BEFORE_SECONDS = 120;

export function startSessionTimeout(document) {
  const bar = document.querySelector('[data-module="app-session-timeout"]');
  const dialog = document.getElementById('session-timeout-dialog');
  if (!bar || !dialog || typeof dialog.showModal !== 'function') return;
  const idleSeconds = Number(bar.getAttribute('data-idle-seconds'));
  if (!Number.isFinite(idleSeconds) || idleSeconds <= WARN_BEFORE_SECONDS) return;
  const csrf = document.querySelector('input[name="_csrf"]')?.value;
  const countdown = dialog.querySelector('.app-timeout-dialog__countdown');
  let warnTimer;
  let endTimer;
  let tick;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    clearInterval(tick);
    warnTimer = setTimeout(warn, (idleSeconds - WARN_BEFORE_SECONDS) * 1000);
    endTimer = setTimeout(() => window.location.assign('/session/timed-out'), idleSeconds * 1000);
  };
  const warn = () => {
    let left = WARN_BEFORE_SECONDS;
    const show = () => {
      const minutes = Math.floor(left / 60);
      const seconds = left % 60;
      countdown.textContent =
        minutes > 0
          ? `${minutes} minute${minutes > 1 ? 's' : ''}${seconds ? ` ${seconds} seconds` : ''}`
          : `${seconds} seconds`;
    };
    show();
    tick = setInterval(() => {
      left = Math.max(0, left - 1);
      if (left % 15 === 0) show();
    }, 1000);
    dialog.showModal();
  };
  dialog.querySelector('[data-timeout-action="stay"]').addEventListener('click', async () => {
    const response = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'x-csrf-token': csrf ?? '' },
      credentials: 'same-origin',
    });
    dialog.close();
    if (response.status === 204) schedule();
    else window.location.assign('/session/timed-out');
  });
  schedule();
}
