// Ressursvenn – small progressive enhancements. Loaded with <script src="/js/app.js" defer>.
// No inline scripts or handlers anywhere (CSP); every page works without this file.
(() => {
  'use strict';

  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;

  // ---- Quick exit -------------------------------------------------------------------------
  // Blank the page at once, then replace the current history entry with the exit page, so
  // "Back" does not return here. Without JavaScript the link still goes to the exit endpoint.
  const leave = (href) => {
    document.body.hidden = true;
    window.location.replace(href);
  };

  const exitLinks = document.querySelectorAll('a[data-quick-exit]');
  exitLinks.forEach((link) => {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      leave(link.href);
    });
  });

  // Shift pressed three times within one second (key repeats ignored, any other key resets).
  if (exitLinks.length > 0) {
    let presses = [];
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Shift') {
        presses = [];
        return;
      }
      if (event.repeat) return;
      const now = Date.now();
      presses = presses.filter((t) => now - t <= 1000);
      presses.push(now);
      if (presses.length >= 3) {
        presses = [];
        leave(exitLinks[0].href);
      }
    });
  }

  // ---- Confirm before submitting: <form data-confirm="Er du sikker?"> ----------------------
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // ---- Print buttons: <button type="button" data-print hidden> (shown only when JS runs) -----
  document.querySelectorAll('[data-print]').forEach((button) => {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  });

  // ---- Error summary: move focus to it so screen readers announce it --------------------------
  document.querySelector('.rv-error-summary[tabindex]')?.focus();

  // ---- Long checkbox lists: <fieldset data-filter-list> (CheckboxesTagHelper filter-label) ---------
  // Without JavaScript the groups are disclosures to open by hand; here a search field shows only the items whose
  // label contains what she typed, with their groups opened, and Enter in it never submits the form.
  document.querySelectorAll('[data-filter-list]').forEach((list) => {
    const box = list.querySelector('[data-filter]');
    const input = list.querySelector('[data-filter-input]');
    if (!box || !input) return;
    box.hidden = false;
    const groups = [...list.querySelectorAll('[data-filter-group]')].map((group) => ({
      group,
      wasOpen: group.open,
      items: [...group.querySelectorAll('[data-filter-item]')],
    }));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
    });
    input.addEventListener('input', () => {
      const query = input.value.trim().toLocaleLowerCase();
      groups.forEach((g) => {
        let shown = 0;
        g.items.forEach((item) => {
          const match = query === '' || item.textContent.toLocaleLowerCase().includes(query);
          item.hidden = !match;
          if (match) shown += 1;
        });
        g.group.hidden = shown === 0;
        g.group.open = query === '' ? (g.wasOpen || g.items.some((i) => i.querySelector('input')?.checked)) : shown > 0;
      });
    });
  });

  // ---- Menu on small screens: <details class="rv-menu"> -----------------------------------------
  // CSS shows the menu open on wide screens whether or not the disclosure is open; keep the two in step so a
  // screen reader is told the same.
  const menu = document.querySelector('details.rv-menu');
  if (menu) {
    const wide = window.matchMedia('(min-width: 40rem)');
    const sync = () => { if (wide.matches) menu.open = true; };
    sync();
    wide.addEventListener('change', sync);
  }

  // ---- Session warning --------------------------------------------------------------------
  const idleSeconds = Number.parseInt(meta('rv-session-idle-seconds') ?? '', 10);
  const keepAliveUrl = meta('rv-session-keepalive');
  const dialog = document.getElementById('rv-session-warning');
  if (!(idleSeconds > 0) || !keepAliveUrl || !(dialog instanceof HTMLDialogElement)) return;

  // Warn Sessions:WarnBeforeSeconds before the server ends the session (two minutes when not given).
  const warnSeconds = Number.parseInt(meta('rv-session-warn-seconds') ?? '', 10);
  // At least ten seconds of quiet after the page (or "Fortsett") before the warning opens, so it cannot reopen the
  // moment "Fortsett" closed it; otherwise the setting as given.
  const WARN_MS = Math.max(0, Math.min((warnSeconds > 0 ? warnSeconds : 120) * 1000, idleSeconds * 1000 - 10000));
  const TICK_MS = 15 * 1000; // refresh the minutes shown every 15 s
  const active = dialog.querySelector('[data-session-active]');
  const expired = dialog.querySelector('[data-session-expired]');
  const remaining = dialog.querySelector('[data-session-remaining]');
  const continueButton = dialog.querySelector('[data-session-continue]');
  let deadline = Date.now() + idleSeconds * 1000;
  let timer = 0;
  let warned = false; // opened once per warning period; if closed with Esc it stays closed
  let isExpired = false;

  const open = () => {
    if (!dialog.open) dialog.showModal();
  };

  // The session is over: keep the page (the server keeps a form posted now and gives it back
  // after a new login), and say so in the dialog.
  const expire = () => {
    isExpired = true;
    window.clearTimeout(timer);
    if (active) active.hidden = true;
    if (expired) expired.hidden = false;
    open();
    (expired?.querySelector('button, a[href]') ?? dialog).focus();
  };

  // Re-checks the clock each time, so a sleeping laptop or a throttled tab catches up.
  const schedule = () => {
    if (isExpired) return;
    window.clearTimeout(timer);
    const left = deadline - Date.now();
    if (left <= 0) {
      expire();
      return;
    }
    if (left <= WARN_MS) {
      if (remaining) {
        const minutes = Math.ceil(left / 60000);
        const template = (minutes === 1 ? remaining.dataset.one : remaining.dataset.other) ?? '{0}';
        remaining.textContent = template.replace('{0}', String(minutes));
      }
      if (!warned) {
        warned = true;
        open();
      }
      timer = window.setTimeout(schedule, Math.min(TICK_MS, left));
    } else {
      timer = window.setTimeout(schedule, left - WARN_MS);
    }
  };

  // The "you are logged out" dialog closes with its button (or Esc), so she can finish and send the form.
  dialog.querySelector('[data-session-close]')?.addEventListener('click', () => dialog.close());

  continueButton?.addEventListener('click', async () => {
    continueButton.disabled = true;
    try {
      const response = await fetch(keepAliveUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { RequestVerificationToken: meta('rv-csrf') ?? '' },
      });
      // A redirect (to the login page) or 401/403 means the session is already gone.
      if (response.ok && !response.redirected) {
        deadline = Date.now() + idleSeconds * 1000;
        warned = false;
        dialog.close();
        schedule();
      } else if (response.redirected || response.status === 401 || response.status === 403) {
        expire();
      }
    } catch {
      // Network error: leave the dialog open so the person can try again.
    } finally {
      continueButton.disabled = false;
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') schedule();
  });
  schedule();
})();
