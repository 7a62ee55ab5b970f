// The session clock, the app's one script: shows when the session ends (idle, and for good) as clock times in the
// visitor's own time zone, opens a dialog before the end with a button to stay (a POST that restarts only the idle
// clock), and keeps every tab of this browser in step. Plain ES2020, no build step. It reads its numbers from the
// data- attributes of views/partials/clock.ejs; without it, that partial's text and forms work on their own.
'use strict';

(() => {
  const root = document.querySelector('[data-session-clock]');
  const dialog = root && root.querySelector('[data-clock-dialog]');
  if (!root || !dialog || typeof dialog.showModal !== 'function') return; // the page's text still tells the times

  const CHANNEL = 'flow.session-clock';
  const find = (name) => root.querySelector(`[${name}]`);
  const number = (name) => Number(root.getAttribute(name));
  const ui = {
    text: find('data-clock-text'),
    status: find('data-clock-status'),
    footerStay: root.querySelector('form[data-clock-stay]:not(.clock-dialog__stay)'),
    title: find('data-clock-dialog-title'),
    message: find('data-clock-dialog-message'),
    left: find('data-clock-dialog-left'),
    announce: find('data-clock-dialog-announce'),
    stay: find('data-clock-dialog-stay'),
    restart: find('data-clock-dialog-restart'),
    close: find('data-clock-dialog-close'),
  };

  const idleMs = number('data-idle-ms');
  const warnBeforeMs = number('data-warn-before-ms');
  // Counted from when the browser began loading this page, which is before the server restarted the idle clock:
  // the ends the script shows are never later than the server's.
  const loadedAt = Math.round(performance.timeOrigin || Date.now());
  const absoluteEnd = loadedAt + number('data-absolute-left-ms');

  /** Every tab holds the same clock: the latest news (by when it happened) wins. */
  const clock = {
    idleEnd: Math.min(loadedAt + number('data-idle-left-ms'), absoluteEnd),
    absoluteEnd,
    ended: false,
    at: loadedAt,
  };
  /** The end the visitor closed the warning for: it opens again only for another end. */
  let dismissedFor = 0;
  let returnFocusTo = null;
  let shownState = '';
  let lastAnnounced = '';

  const endOf = () => Math.min(clock.idleEnd, clock.absoluteEnd);
  const extendable = () => clock.idleEnd < clock.absoluteEnd;

  // ---- Words ----------------------------------------------------------------------------------------------------

  const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayOf = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  const startOfDay = (at) => new Date(new Date(at).setHours(0, 0, 0, 0)).getTime();

  /** "at 14:32", "at 02:10 tomorrow", "at 09:00 on Friday 6 June": in the visitor's time zone. */
  function atText(at) {
    const days = Math.round((startOfDay(at) - startOfDay(Date.now())) / 86400000);
    const time = `at ${timeOfDay.format(at)}`;
    if (days === 0) return time;
    if (days === 1) return `${time} tomorrow`;
    return `${time} on ${dayOf.format(at)}`;
  }

  /** "1 minute and 5 seconds", "45 seconds", "12 minutes". */
  function leftText(ms) {
    const count = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds < 60) return count(seconds, 'second');
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (minutes >= 10 || rest === 0) return count(Math.round(seconds / 60), 'minute');
    return `${count(minutes, 'minute')} and ${count(rest, 'second')}`;
  }

  /** What a screen reader is told while the dialog is open: each whole minute, then at 30 seconds; never every second. */
  function announcedText(ms) {
    const seconds = Math.ceil(ms / 1000);
    if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes left.`;
    if (seconds > 30) return '1 minute left.';
    return '30 seconds left.';
  }

  function timeElement(at) {
    const element = document.createElement('time');
    element.dateTime = new Date(at).toISOString();
    element.textContent = atText(at);
    return element;
  }

  /** Replaces the page's sentence (said in durations by the server) with clock times. */
  function renderPageText() {
    if (!ui.text) return;
    if (clock.ended) {
      ui.text.replaceChildren('Your session has ended: the answers it held are no longer kept.');
    } else if (extendable()) {
      ui.text.replaceChildren('Your session ends ', timeElement(clock.idleEnd), ' if you do nothing (every page you open restarts this clock), and ', timeElement(clock.absoluteEnd), ' whatever you do.');
    } else {
      ui.text.replaceChildren('Your session ends for good ', timeElement(clock.absoluteEnd), ', whatever you do: it cannot be extended.');
    }
    if (ui.footerStay) ui.footerStay.hidden = clock.ended || !extendable();
  }

  // ---- The dialog -----------------------------------------------------------------------------------------------

  function setDialog(state) {
    if (state === shownState) return;
    shownState = state;
    const end = endOf();
    if (state === 'warning') {
      ui.title.textContent = 'Your session is about to end';
      ui.message.textContent = `If you do nothing, your session ends ${atText(end)} and the answers it holds are lost. Keep it going to carry on.`;
    } else if (state === 'final') {
      ui.title.textContent = 'Your session is about to end';
      ui.message.textContent = `Your session ends ${atText(end)} and cannot be extended: every session ends a fixed time after it began, whatever you do. Finish what you are doing before then.`;
    } else {
      ui.title.textContent = 'Your session has ended';
      ui.message.textContent = 'The answers it held are no longer kept. You can start again.';
    }
    if (ui.stay) ui.stay.closest('form').hidden = state !== 'warning';
    ui.restart.hidden = state !== 'ended';
    ui.left.hidden = state === 'ended';
  }

  function openDialog(state) {
    setDialog(state);
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      lastAnnounced = '';
      dialog.showModal();
    }
    // Focus on the dialog's first control, and again when a change of state hid the control that had it.
    const first = (state === 'warning' && ui.stay) || (state === 'ended' && ui.restart) || ui.close;
    const active = document.activeElement;
    if (!active || !dialog.contains(active) || active.closest('[hidden]')) first.focus();
  }

  function closeDialog() {
    if (dialog.open) dialog.close(); // the close event puts the focus back
  }

  dialog.addEventListener('close', () => {
    if (shownState !== 'ended') dismissedFor = endOf();
    shownState = '';
    const target = returnFocusTo;
    returnFocusTo = null;
    if (target && typeof target.focus === 'function' && document.contains(target)) target.focus();
  });
  // Escape closes a modal <dialog> by itself (a cancel event, then close): the same as the Close button.
  ui.close.addEventListener('click', closeDialog);

  // ---- The clock's tick -----------------------------------------------------------------------------------------

  function tick() {
    const now = Date.now();
    const end = endOf();
    if (clock.ended || now >= end) {
      if (!clock.ended) {
        clock.ended = true;
        renderPageText();
      }
      if (shownState !== 'ended') openDialog('ended');
      return;
    }
    if (now >= end - warnBeforeMs) {
      if (dismissedFor !== end) openDialog(extendable() ? 'warning' : 'final');
      if (dialog.open) {
        ui.left.textContent = `Time left: ${leftText(end - now)}`;
        const said = announcedText(end - now);
        if (said !== lastAnnounced) {
          lastAnnounced = said;
          ui.announce.textContent = said;
        }
      }
    } else if (dialog.open) {
      closeDialog(); // staying (here or in another tab) moved the end
    }
  }

  // ---- Staying, and every tab in step ---------------------------------------------------------------------------

  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : null;

  function tell(news) {
    if (channel) {
      channel.postMessage(news);
      return;
    }
    try {
      // The storage event fires in every other tab of this origin; the key changes each time, so it always fires.
      localStorage.setItem(CHANNEL, JSON.stringify({ ...news, nonce: Math.random() }));
    } catch {
      // Storage refused (private mode, full): this tab still works, the others only learn at their next page.
    }
  }

  function hear(news) {
    if (typeof news !== 'object' || news === null || typeof news.at !== 'number' || news.at < clock.at) return;
    if (news.type === 'clock' && Number.isFinite(news.idleEnd) && Number.isFinite(news.absoluteEnd)) {
      Object.assign(clock, { idleEnd: news.idleEnd, absoluteEnd: news.absoluteEnd, ended: false, at: news.at });
      if (shownState === 'ended') closeDialog();
    } else if (news.type === 'ended') {
      Object.assign(clock, { ended: true, at: news.at });
    } else {
      return;
    }
    renderPageText();
    tick();
  }

  if (channel) channel.addEventListener('message', (event) => hear(event.data));
  else {
    window.addEventListener('storage', (event) => {
      if (event.key !== CHANNEL || !event.newValue) return;
      try {
        hear(JSON.parse(event.newValue));
      } catch {
        // Not ours: ignored.
      }
    });
  }

  function stayed(sentAt) {
    // The server restarted the idle clock after the request left: counting from when it left is never too late.
    Object.assign(clock, { idleEnd: Math.min(sentAt + idleMs, clock.absoluteEnd), ended: false, at: sentAt });
    dismissedFor = 0;
    tell({ type: 'clock', idleEnd: clock.idleEnd, absoluteEnd: clock.absoluteEnd, at: sentAt });
    renderPageText();
    closeDialog();
    if (ui.status) ui.status.textContent = extendable() ? `Your session now ends ${atText(clock.idleEnd)} if you do nothing.` : `Your session ends ${atText(clock.absoluteEnd)} and cannot be extended.`;
    tick();
  }

  function ended(at) {
    Object.assign(clock, { ended: true, at });
    tell({ type: 'ended', at });
    renderPageText();
    tick();
  }

  async function stay(form) {
    const sentAt = Date.now();
    try {
      // redirect: 'manual': the 303 means "stayed"; the page it leads back to need not be loaded.
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect' || response.ok) stayed(sentAt);
      else ended(Date.now()); // 403: the session has ended (or the form's token is no longer valid)
    } catch {
      const message = 'The server could not be reached, so your session was not kept going. Check your connection and try again.';
      if (dialog.open) ui.announce.textContent = message;
      else if (ui.status) ui.status.textContent = message;
    }
  }

  for (const form of root.querySelectorAll('form[data-clock-stay]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void stay(form);
    });
  }

  // This page's request restarted the idle clock: the other tabs learn it too.
  tell({ type: 'clock', idleEnd: clock.idleEnd, absoluteEnd: clock.absoluteEnd, at: clock.at });
  renderPageText();
  tick();
  setInterval(tick, 1000);
  document.addEventListener('visibilitychange', tick); // a tab brought back after sleeping catches up at once
})();
