/* VE-EDU shared browser helpers for the ve_question and ve_adaptive_practice XBlocks
 * (and the Studio editor). Plain ES2017, no dependencies.
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

  /* ---------- question renderer (shared by both learner blocks) ---------- */

  const CHOICE_TYPES = { single_choice: 'radio', multiple_choice: 'checkbox' };

  // Phone keyboard per type: numbers get the decimal pad (signButton adds the minus some lack);
  // formulas the full keyboard with no autocorrect ("sin(x)" must not become "Sin(x)").
  const KEYBOARDS = {
    numeric: { inputmode: 'decimal', enterkeyhint: 'done', autocorrect: 'off' },
    formula: { inputmode: 'text', enterkeyhint: 'done', autocorrect: 'off' },
    text: { inputmode: 'text', enterkeyhint: 'done' },
  };

  function signButton(input) {
    return h('button', {
      type: 'button', class: 've-button ve-button-secondary ve-sign', 'data-testid': 've-sign',
      'aria-label': _('Change the sign (plus or minus)'), text: '\u00B1',
      onclick() {
        const v = input.value.trim();
        input.value = v.charAt(0) === '-' ? v.slice(1) : '-' + v;
        input.dispatchEvent(new Event('input', { bubbles: true })); // saved as a draft like typing
        input.focus();
      },
    });
  }

  function asList(v) {
    if (v === null || v === undefined) return [];
    return Array.isArray(v) ? v.map(String) : [String(v)];
  }

  // Renders `question` into `container` and returns a view:
  //   view.update(question, result, fresh)  show attempts, verdict, feedback, hints, solution
  //   view.setBusy(bool)                    block Submit while an answer is on its way
  //   view.showError(message)               message next to the input (nothing was counted)
  //   view.getAnswer(), view.setAnswer(v), view.focus(), view.id, view.version, view.el
  // handlers: {onSubmit(answer), onDraft(answer), answer: initial value, status: statusLine()}
  function renderQuestion(container, question, handlers) {
    const hd = handlers || {};
    const p = nextId();
    const widget = question.widget || {};  // set only for a question type an installed package adds
    const inputType = CHOICE_TYPES[question.type] || (widget.input === 'radio' || widget.input === 'checkbox' ? widget.input : undefined);
    const describedBy = [];
    let busy = false;
    let done = false;
    let choices = [];
    let textInput = null;
    let signBtn = null;

    const textEl = h('div', { class: 've-question-text', id: p + '-q', tabindex: '-1', html: question.text_html || '' });
    const errEl = h('p', { class: 've-input-error', id: p + '-err', 'data-testid': 've-input-error', role: 'alert' });
    const parts = [textEl];

    if (inputType) {
      // Choices: a labelled radiogroup/group; each label is bound to its input.
      const group = h('div', {
        class: 've-choices',
        role: inputType === 'radio' ? 'radiogroup' : 'group',
        'aria-labelledby': p + '-q',
        'aria-describedby': p + '-err',
      });
      if (inputType === 'checkbox') {
        parts.push(h('p', { class: 've-help', id: p + '-help', text: _('Choose all that apply.') }));
        group.setAttribute('aria-describedby', p + '-help ' + p + '-err');
      }
      choices = (question.choices || []).map((c, i) => {
        const id = p + '-c' + i;
        const input = h('input', {
          type: inputType, id, name: p + '-choice', value: c.id,
          class: 've-choice-input', 'data-testid': 've-choice-' + c.id,
        });
        const tag = h('span', { class: 've-choice-tag', hidden: true });
        const fb = h('div', { class: 've-choice-feedback', hidden: true });
        const row = h('div', { class: 've-choice', 'data-choice-id': c.id }, [
          input, h('label', { for: id, class: 've-choice-label', html: c.html || '' }), tag, fb,
        ]);
        group.appendChild(row);
        return { id: String(c.id), input, tag, fb, row };
      });
      parts.push(group);
    } else {
      // numeric / text / formula: one text field, with the keyboard that fits on a phone.
      parts.push(h('label', { for: p + '-in', class: 've-label', text: _('Your answer') }));
      if (question.type === 'formula' && question.variables && question.variables.length) {
        parts.push(h('p', {
          class: 've-help ve-variables', id: p + '-vars', 'data-testid': 've-variables',
          text: _('You may use the variables:') + ' ' + question.variables.join(', '),
        }));
        describedBy.push(p + '-vars');
      }
      describedBy.push(p + '-err');
      textInput = h('input', Object.assign({
        type: 'text', id: p + '-in', class: 've-answer-input', 'data-testid': 've-answer-input',
        autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
        'aria-describedby': describedBy.join(' '),
      }, KEYBOARDS[question.type] || widget.keyboard || {}));
      parts.push(textInput);
      if (question.type === 'numeric') {
        signBtn = signButton(textInput);
        parts.push(signBtn);
      }
    }

    const submitBtn = h('button', { type: 'submit', class: 've-button ve-submit', 'data-testid': 've-submit', text: _('Submit') });
    const actions = h('div', { class: 've-actions' }, [submitBtn]);
    if (hd.status) actions.appendChild(hd.status.el);
    parts.push(errEl, actions);

    // A real <form>: Enter in the text field (or on a choice) submits without extra key handling.
    const form = h('form', { class: 've-form', novalidate: true }, parts);
    const resultEl = h('div', { class: 've-result', 'data-testid': 've-result', 'aria-live': 'polite', tabindex: '-1' });
    const attemptsEl = h('p', { class: 've-attempts', 'data-testid': 've-attempts' });
    const hintsList = h('ol', { class: 've-hints', 'data-testid': 've-hints' });
    const hintsEl = h('section', { class: 've-hints-box', hidden: true, 'aria-labelledby': p + '-hh' }, [
      h('h4', { class: 've-subhead', id: p + '-hh', text: _('Hints') }), hintsList,
    ]);
    const solutionBody = h('div', { class: 've-solution-body' });
    const solutionEl = h('section', { class: 've-solution', 'data-testid': 've-solution', hidden: true, 'aria-labelledby': p + '-sh' }, [
      h('h4', { class: 've-subhead', id: p + '-sh', text: _('Solution') }), solutionBody,
    ]);
    const root = h('div', { class: 've-question', 'data-question-id': question.id, 'data-type': question.type },
      [form, resultEl, attemptsEl, hintsEl, solutionEl]);
    container.appendChild(root);

    function getAnswer() {
      if (!inputType) return textInput.value;
      const picked = choices.filter((c) => c.input.checked).map((c) => c.id);
      return inputType === 'radio' ? (picked[0] || null) : picked;
    }

    function setAnswer(v) {
      if (v === null || v === undefined) return;
      if (!inputType) { textInput.value = String(v); return; }
      const want = asList(v);
      choices.forEach((c) => { c.input.checked = want.indexOf(c.id) >= 0; });
    }

    function showError(msg) {
      errEl.textContent = msg || '';
      const field = textInput || form.querySelector('.ve-choices');
      if (msg) field.setAttribute('aria-invalid', 'true');
      else field.removeAttribute('aria-invalid');
    }

    function syncButton() {
      // aria-disabled while busy keeps keyboard focus on the button; real disabled once done.
      submitBtn.disabled = done;
      if (busy && !done) submitBtn.setAttribute('aria-disabled', 'true');
      else submitBtn.removeAttribute('aria-disabled');
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy || done) return;
      const answer = getAnswer();
      const empty = inputType ? answer === null || answer.length === 0 : String(answer).trim() === '';
      if (empty) {
        showError(inputType ? _('Choose an answer first.') : _('Type your answer first.'));
        return;
      }
      showError('');
      if (hd.onSubmit) hd.onSubmit(answer);
    });
    // Save every keystroke/click as a draft so a reload or a dead battery loses nothing.
    const draft = () => { if (hd.onDraft && !done) hd.onDraft(getAnswer()); };
    form.addEventListener('input', draft);
    form.addEventListener('change', draft);

    function renderVerdict(q, result, fresh) {
      resultEl.textContent = '';
      resultEl.className = 've-result';
      if (!result || result.error) return;
      const score = Number(result.score) || 0;
      let kind = 'incorrect';
      let icon = '\u2717';
      let text = _('Incorrect.');
      if (result.correct) { kind = 'correct'; icon = '\u2713'; text = _('Correct!'); }
      else if (score > 0) { kind = 'partial'; icon = '\u25D0'; text = _('Partly correct.'); }
      resultEl.classList.add('ve-' + kind);
      resultEl.setAttribute('data-result', kind);
      const msg = [text];
      if (fresh && result.new_hint_html) msg.push(_('A new hint is shown below.'));
      if (q.done && !result.correct) msg.push(_('No attempts left.'));
      resultEl.appendChild(h('p', { class: 've-verdict' }, [
        h('span', { class: 've-icon', 'aria-hidden': 'true', text: icon }), ' ' + msg.join(' '),
      ]));
      if (q.correct_answer !== null && q.correct_answer !== undefined && !inputType) {
        resultEl.appendChild(h('p', { class: 've-correct-answer', 'data-testid': 've-correct-answer',
          text: _('Correct answer:') + ' ' + asList(q.correct_answer).join(', ') }));
      }
    }

    function renderChoices(q, result) {
      const fbs = (result && !result.error && result.feedback_html) || {};
      const right = q.correct_answer === null || q.correct_answer === undefined ? null : asList(q.correct_answer);
      choices.forEach((c) => {
        const fb = fbs[c.id];
        c.fb.innerHTML = fb || '';
        c.fb.hidden = !fb;
        const isRight = right && right.indexOf(c.id) >= 0;
        c.tag.textContent = isRight ? '\u2713 ' + _('Correct answer') : '';
        c.tag.hidden = !isRight;
        c.row.classList.toggle('ve-choice-right', !!isRight);
        c.input.disabled = done;
      });
    }

    function renderHints(q, result, fresh) {
      const hints = q.hints_html || [];
      hintsList.textContent = '';
      let newIdx = -1;
      if (fresh && result && result.new_hint_html) {
        newIdx = hints.lastIndexOf(result.new_hint_html);
        if (newIdx < 0) newIdx = hints.length - 1;
      }
      hints.forEach((html, i) => {
        const li = h('li', { class: 've-hint', 'data-testid': 've-hint', html });
        if (i === newIdx) {
          li.classList.add('ve-hint-new');
          li.insertBefore(h('span', { class: 've-badge', text: _('New hint') }), li.firstChild);
        }
        hintsList.appendChild(li);
      });
      hintsEl.hidden = hints.length === 0;
    }

    function update(q, result, fresh) {
      done = !!q.done;
      root.setAttribute('data-done', done ? 'true' : 'false');
      const used = q.attempts_used || 0;
      attemptsEl.textContent = q.max_attempts
        ? _('Attempts used:') + ' ' + used + ' / ' + q.max_attempts + ' \u2014 ' +
          Math.max(q.max_attempts - used, 0) + ' ' + _('left')
        : _('Attempts used:') + ' ' + used;
      showError(result && result.error ? result.error.message || _('This answer could not be read.') : '');
      renderVerdict(q, result, fresh);
      renderChoices(q, result);
      renderHints(q, result, fresh);
      solutionBody.innerHTML = q.solution_html || '';
      solutionEl.hidden = !q.solution_html;
      if (textInput) textInput.disabled = done;
      if (signBtn) signBtn.disabled = done;
      syncButton();
      typeset(root);
    }

    setAnswer(hd.answer);
    typeset(root);
    return {
      el: root,
      id: question.id,
      version: question.version,
      update,
      getAnswer,
      setAnswer,
      showError,
      setBusy(b) { busy = !!b; syncButton(); },
      focus() { textEl.focus(); },
      focusResult() { resultEl.focus(); },
      isDone: () => done,
    };
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
    renderQuestion,
  };
})();
