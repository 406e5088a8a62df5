/* VE-EDU shared browser helpers for the ve_question and ve_adaptive_practice XBlocks
 * (and the Studio editor). Plain ES2017, no dependencies. The question view both learner
 * blocks draw is in ve_question_view.js, loaded after this file.
 *
 * Learners are often on slow, metered, flaky mobile connections, so:
 *  - every answer is kept in localStorage until the server has confirmed it (even a closed tab),
 *  - a failed send is retried with the SAME idempotency key (the server counts it once),
 *  - what the learner is typing is saved as a draft and restored after a reload.
 */
(function () {
  'use strict';
  // Several blocks on one page each add this file; the first copy wins.
  if (window.VeEdu && window.VeEdu.loaded) return;

  const RETRY_CAP_MS = 30000;
  const REQUEST_TIMEOUT_MS = 30000; // a stalled mobile request is abandoned and retried
  let idSeq = 0;

  // The blocks' own catalogue (learner's language), else the page's.
  const _ = (s) => {
    const own = window.VeEduCatalogue;
    if (own && own[s]) return own[s];
    return typeof window.gettext === 'function' ? window.gettext(s) : s;
  };

  /* ---------- small DOM helpers ---------- */

  // The XBlock runtime hands us either a DOM element or a jQuery object.
  function rootOf(element) {
    return element && element.jquery ? element[0] : element;
  }

  // DOM ids must be unique when several blocks share a page.
  function nextId() {
    idSeq += 1;
    return 've' + idSeq;
  }

  // h('p', {class: 'x', text: 'hi'}, [children]): builds elements without string HTML,
  // so learner-typed text can never be interpreted as markup. `html` is only used for
  // the author's content that the server sends as *_html.
  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'html') el.innerHTML = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach((c) => {
      if (c !== null && c !== undefined && c !== false) {
        el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      }
    });
    return el;
  }

  // "0.5", "1": scores without float noise.
  function fmt(n) {
    return String(Math.round((Number(n) || 0) * 100) / 100);
  }

  // Typeset author maths in el (ve_maths.js, loaded first, finds or loads MathJax).
  function typeset(el) {
    if (window.VeEduMaths) window.VeEduMaths.typeset(el);
  }

  /* ---------- storage ---------- */

  // localStorage may be missing, full or blocked (private mode): the blocks still work.
  const store = {
    get(key) {
      try {
        const v = window.localStorage.getItem(key);
        return v ? JSON.parse(v) : null;
      } catch (e) { return null; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
    },
    del(key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing to do */ }
    },
  };

  // Handler URLs and storage keys; keys hold the user, so a shared phone never replays another's answer.
  function context(runtime, element, initArgs) {
    const el = rootOf(element);
    const args = initArgs || {};
    if (window.VeEduMaths) window.VeEduMaths.useMathJax(args.mathjax_url);
    const usage = args.usage_id || (el && el.getAttribute && el.getAttribute('data-usage-id')) ||
      runtime.handlerUrl(element, 'state');
    const prefix = ['ve-edu', 'v1', args.user_key || '', usage].join('|');
    return {
      el,
      root: (el && el.querySelector && el.querySelector('.ve-block')) || el, // the block's template root
      args,
      url: (name) => runtime.handlerUrl(element, name),
      key: (kind) => prefix + '|' + kind,
    };
  }

  // The learner's in-progress answer, one per block, tied to the question it was typed for.
  function Draft(key) {
    return {
      load(questionId) {
        const d = store.get(key);
        return d && d.question_id === questionId ? d.answer : undefined;
      },
      save(questionId, answer) { store.set(key, { question_id: questionId, answer }); },
      clear() { store.del(key); },
    };
  }

  /* ---------- HTTP ---------- */

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector('input[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }

  // Handlers answer {"error": {"code", "message"}}; plain XBlock JsonHandlerError gives {"error": "message"}.
  function errorMessage(data, status) {
    const e = data && data.error;
    if (e && typeof e === 'object' && e.message) return e.message;
    if (typeof e === 'string' && e) return e;
    if (status >= 500) {
      return _('Something went wrong on the server') + ' (' + status + '). ' +
        _('Your answer was not saved; try again later.');
    }
    return _('The request failed') + (status ? ' (' + status + ')' : '') + '.';
  }

  function httpError(status, data, isJson, retryAfter) {
    const err = new Error(errorMessage(data, status));
    err.status = status;
    err.data = data;
    err.notJson = !isJson;
    err.retryAfterMs = retryAfterMs(retryAfter);
    return err;
  }

  // The server's Retry-After (seconds, or an HTTP date) in ms, within [0, RETRY_AFTER_CAP_MS];
  // null when absent or unreadable. A throttled learner waits what the server says, not 1 s, 2 s ...
  const RETRY_AFTER_CAP_MS = 10 * 60 * 1000;
  function retryAfterMs(value) {
    if (!value) return null;
    const text = String(value).trim();
    let ms = null;
    if (/^\d+$/.test(text)) ms = parseInt(text, 10) * 1000;
    else if (!isNaN(Date.parse(text))) ms = Date.parse(text) - Date.now();
    if (ms === null) return null;
    return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
  }

  // Retry only what can succeed later: no status (network, timeout), 408/429/502/503/504, and a
  // non-JSON 2xx/3xx (login or "out of bundle" page). Other errors are shown; the answer stays a draft.
  const RETRY_STATUSES = [408, 429, 502, 503, 504];
  function isRetryable(err) {
    const s = err && err.status;
    if (!s) return true;
    if (RETRY_STATUSES.indexOf(s) >= 0) return true;
    return s < 400 && err.notJson;
  }

  async function postJson(url, body) {
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl ? setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS) : null;
    try {
      const resp = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-CSRFToken': csrfToken(),
          'X-Requested-With': 'XMLHttpRequest',
        },
        body: JSON.stringify(body || {}),
        signal: ctrl ? ctrl.signal : undefined,
      });
      const text = await resp.text();
      let data = null;
      let isJson = false;
      try { data = text ? JSON.parse(text) : null; isJson = data !== null; } catch (e) { /* not JSON */ }
      if (!resp.ok || !isJson) throw httpError(resp.status, data, isJson, resp.headers.get('Retry-After'));
      return data;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  function backoff(n) {
    return Math.min(1000 * Math.pow(2, n), RETRY_CAP_MS); // 1s, 2s, 4s ... 30s
  }

  // send() until it resolves or fails for good; going online cuts the wait. onWait(err, ms): status.
  function keepTrying(send, onWait) {
    return new Promise((resolve, reject) => {
      let n = 0;
      let timer = null;
      const wake = () => {
        if (timer) { clearTimeout(timer); timer = null; go(); }
      };
      const finish = (fn) => (v) => { window.removeEventListener('online', wake); fn(v); };
      function go() {
        send().then(finish(resolve), (err) => {
          if (!isRetryable(err)) { finish(reject)(err); return; }
          // The server knows when its limit frees (429/503 Retry-After); otherwise back off.
          const delay = err && err.retryAfterMs !== null && err.retryAfterMs !== undefined
            ? err.retryAfterMs : backoff(n);
          n += 1;
          if (onWait) onWait(err, delay);
          timer = setTimeout(() => { timer = null; go(); }, delay);
        });
      }
      window.addEventListener('online', wake);
      go();
    });
  }

  /* ---------- status line ---------- */

  const STATUS_TEXT = {
    idle: '',
    loading: 'Loading\u2026',
    saving: 'Saving\u2026',
    offline: 'Offline \u2014 will retry',
    saved: 'Saved',
    error: '',
  };

  // A polite live region saying what happens to the learner's answer.
  // data-state is one of: idle, loading, saving, offline, waiting, saved, error.
  function statusLine() {
    const el = h('p', { class: 've-status', 'data-testid': 've-status', role: 'status', 'aria-live': 'polite', 'data-state': 'idle' });
    return {
      el,
      set(state, text) {
        el.setAttribute('data-state', state);
        el.textContent = text !== undefined ? text : _(STATUS_TEXT[state] || '');
      },
    };
  }

  // The wording while waiting to retry.
  function waitText(err) {
    if (err && (err.status >= 502 || err.status === 429)) return _('Server busy \u2014 will retry');
    if (err && err.status && err.notJson) return _('Offline \u2014 will retry (you may need to sign in again)');
    return _(STATUS_TEXT.offline);
  }

  /* ---------- submitter ---------- */

  // Sends one answer at a time, stored with its question, key and time until the server has
  // answered: a reload or a closed tab resends the same request (same key).
  class Submitter {
    constructor(opts) {
      this.url = opts.url;
      this.key = opts.key;
      this.status = opts.status;
      this.onResult = opts.onResult || function () {};
      this.onRejected = opts.onRejected || function () {};
      this.ready = opts.ready !== false; // false: hold sends until the block has loaded its state
      this.sending = false;
      this.memory = null; // fallback when localStorage is unavailable
    }

    pending() {
      return store.get(this.key) || this.memory;
    }

    submit(body) {
      const rec = Object.assign({}, body, {
        client_key: uuid(),
        client_timestamp: new Date().toISOString(), // when the learner answered, not when it arrived
      });
      this.memory = rec;
      store.set(this.key, rec);
      if (!this.ready) this.status.set('saving'); // held until the block has loaded its state
      this.flush();
    }

    // Send the stored answer, if any (also used on load to resend an unsent answer).
    flush() {
      if (this.sending || !this.ready) return;
      const rec = this.pending();
      if (!rec) return;
      this.sending = true;
      this.status.set('saving');
      keepTrying(() => postJson(this.url, rec), (err) => this.waiting(err)).then(
        (data) => {
          this.sending = false;
          this.clear(rec);
          this.status.set('saved');
          this.onResult(data, rec);
          this.flush();
        },
        (err) => {
          // Refused (4xx): resending would be refused again. The block keeps the typed answer as a draft.
          this.sending = false;
          this.clear(rec);
          this.status.set('error', err.message);
          this.onRejected(err, rec);
        }
      );
    }

    // Status while offline (err) or on load: says so when an answer waits to be sent.
    waiting(err) {
      const w = err ? waitText(err) : '';
      if (!this.pending()) { if (err) this.status.set('offline', w); return; }
      this.status.set('waiting', _('Your answer is saved on this device and waiting to be sent.') + ' ' + w);
    }

    // Drop a kept answer to a question the block no longer asks.
    forget(id) {
      const rec = this.pending();
      if (rec && rec.question_id && id && rec.question_id !== id) this.clear(rec);
    }

    clear(rec) {
      const cur = store.get(this.key);
      if (!cur || cur.client_key === rec.client_key) store.del(this.key);
      if (this.memory && this.memory.client_key === rec.client_key) this.memory = null;
    }
  }

  function uuid() {
    const c = window.crypto;
    // randomUUID exists only in secure contexts (https, localhost).
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (let i = 0; i < 16; i += 1) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    const x = Array.prototype.map.call(b, (v) => (v < 16 ? '0' : '') + v.toString(16)).join('');
    return [x.slice(0, 8), x.slice(8, 12), x.slice(12, 16), x.slice(16, 20), x.slice(20)].join('-');
  }

  window.VeEdu = {
    loaded: true,
    _,
    h,
    fmt,
    nextId,
    rootOf,
    typeset,
    store,
    context,
    Draft,
    csrfToken,
    postJson,
    isRetryable,
    retryAfterMs,
    backoff,
    keepTrying,
    statusLine,
    waitText,
    Submitter,
    uuid,
  };
})();
