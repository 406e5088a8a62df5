/* Learner (and staff) view of the ve_timed_assessment XBlock; self-contained to keep the page small.
 * Handlers: state {}, start {}, save {answers: [{question_id, answer, client_key, client_time}]},
 * submit {answers}, sessions {} (staff). The countdown runs from the server's seconds_left. */
function VeTimedAssessmentBlock(runtime, element, args) {
  'use strict';
  const el = element.jquery ? element[0] : element;
  // The blocks' own catalogue (learner's language, js/translations/<code>.js), else the page's.
  const _ = (s) => {
    const own = window.VeEduCatalogue;
    if (own && own[s]) return own[s];
    return typeof window.gettext === 'function' ? window.gettext(s) : s;
  };
  const mount = el.querySelector('.ve-body');
  const storeKey = 've-edu|timed|' + runtime.handlerUrl(element, 'state');
  let pending = {}; let timer = null; let tick = null; let endsAt = 0; let closed = false;
  try { pending = JSON.parse(localStorage.getItem(storeKey) || '{}') || {}; } catch (e) { pending = {}; }
  const keep = () => { try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* full */ } };

  function h(tag, attrs, kids) {
    const n = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') n.textContent = v; else if (k === 'html') n.innerHTML = v; else n.setAttribute(k, v === true ? '' : v);
    });
    (kids || []).forEach((c) => c && n.appendChild(c));
    return n;
  }
  function csrf() { const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/); return m ? decodeURIComponent(m[1]) : ''; }
  function post(name, data) {
    return fetch(runtime.handlerUrl(element, name), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf() }, body: JSON.stringify(data || {}),
    }).then((r) => r.json().then((body) => { if (!r.ok) { const e = new Error((body.error && body.error.message) || r.status); e.body = body; e.status = r.status; throw e; } return body; }));
  }
  const uid = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID().replace(/-/g, '') : Date.now().toString(36) + Math.random().toString(36).slice(2));
  const say = (t) => { status.textContent = t; };
  const status = h('p', { class: 've-status', role: 'status', 'data-testid': 've-timed-status' });

  function render(data) {
    clearInterval(tick);
    mount.textContent = '';
    mount.removeAttribute('aria-busy');
    if (args.display_name) mount.appendChild(h('h3', { class: 've-title', text: args.display_name }));
    const s = data.session;
    if (!s) return intro(data);
    if (s.status === 'open') return test(data);
    return done(data);
  }

  function intro(data) {
    const i = data.intro;
    mount.appendChild(h('p', { 'data-testid': 've-timed-intro', text: _('Questions') + ': ' + i.question_count + ' · ' + _('Time') + ': ' + i.time_limit_minutes + ' ' + _('min') + ' · ' + _('Attempts') + ': ' + i.attempts_allowed }));
    mount.appendChild(h('p', { class: 've-help', text: _('The clock starts when you press Start and keeps running if you leave. Your answers are saved as you type; when time runs out what you saved is submitted. No hints during the test.') }));
    const start = h('button', { type: 'button', class: 've-button', 'data-testid': 've-timed-start', text: _('Start') });
    start.onclick = () => { start.disabled = true; post('start').then(render).catch((e) => { start.disabled = false; say(e.message); }); };
    mount.appendChild(start);
    mount.appendChild(status);
    staff();
  }

  function answerInput(q, saved) {
    const name = 'q' + q.id + '-' + uid().slice(0, 6);
    if (q.choices.length) {
      const multi = q.type === 'multiple_choice';
      return h('div', { role: multi ? 'group' : 'radiogroup' }, q.choices.map((c) => {
        const inp = h('input', { type: multi ? 'checkbox' : 'radio', name, value: c.id });
        inp.checked = multi ? (saved || []).indexOf(c.id) >= 0 : saved === c.id;
        return h('label', {}, [inp, h('span', { html: ' ' + c.html })]);
      }));
    }
    const inp = h('input', { type: 'text', class: 've-input', 'aria-label': _('Your answer') });
    inp.value = typeof saved === 'string' ? saved : '';
    return inp;
  }
  function readAnswer(box, q) {
    if (!q.choices.length) return box.value;
    const on = Array.from(box.querySelectorAll('input:checked')).map((i) => i.value);
    return q.type === 'multiple_choice' ? on : (on[0] || '');
  }

  function flush(final) {
    const answers = Object.values(pending);
    if (!answers.length && !final) return Promise.resolve();
    const sent = Object.assign({}, pending);
    return post(final ? 'submit' : 'save', { answers }).then((body) => {
      Object.keys(sent).forEach((k) => { if (pending[k] === sent[k]) delete pending[k]; });
      keep(); say(final ? '' : _('Saved.')); return body;
    }).catch((e) => {
      if (e.body && e.body.error && e.body.error.code === 'assessment_closed') { pending = {}; keep(); }
      say(e.status ? e.message : _('Offline: your answers are kept here and sent when you are back online.'));
      if (final) return post('state');
      throw e;
    });
  }

  function test(data) {
    const s = data.session;
    endsAt = performance.now() + s.seconds_left * 1000;
    closed = false;
    const clock = h('p', { class: 've-clock', 'data-testid': 've-timed-clock', 'aria-live': 'off' });
    mount.appendChild(clock);
    const inputs = [];
    data.questions.forEach((q, n) => {
      const key = String(q.id);
      const saved = pending[key] ? pending[key].answer : s.answers[key];
      const box = answerInput(q, saved);
      inputs.push(box);
      const onChange = () => {
        if (closed) return;
        pending[key] = { question_id: q.id, answer: readAnswer(box, q), client_key: uid(), client_time: new Date().toISOString() };
        keep(); say(_('Saving…'));
        clearTimeout(timer); timer = setTimeout(() => flush(false).catch(() => {}), 800);
      };
      box.addEventListener('input', onChange); box.addEventListener('change', onChange);
      mount.appendChild(h('div', { class: 've-tq', 'data-testid': 've-timed-question' }, [h('div', { html: '<strong>' + (n + 1) + '.</strong> ' + q.text_html }), box]));
    });
    const submit = h('button', { type: 'button', class: 've-button', 'data-testid': 've-timed-submit', text: _('Submit') });
    submit.onclick = () => {
      if (!window.confirm(_('Submit your answers? You cannot change them afterwards.'))) return;
      finish();
    };
    mount.appendChild(submit);
    mount.appendChild(status);
    function finish() {
      if (closed) return;
      closed = true; clearTimeout(timer); clearInterval(tick); submit.disabled = true;
      inputs.forEach((b) => b.querySelectorAll ? b.querySelectorAll('input').forEach((i) => { i.disabled = true; }) : null);
      inputs.forEach((b) => { if (b.tagName === 'INPUT') b.disabled = true; });
      flush(true).then(render);
    }
    const show = () => {
      const left = Math.max(0, Math.round((endsAt - performance.now()) / 1000));
      clock.textContent = _('Time left') + ': ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
      clock.classList.toggle('ve-low', left <= 60);
      if (left <= 0) finish();
    };
    show(); tick = setInterval(show, 1000);
    if (window.VeEduMaths) { window.VeEduMaths.useMathJax(args.mathjax_url); window.VeEduMaths.typeset(mount); }
    if (Object.keys(pending).length) flush(false).catch(() => {});
  }

  function done(data) {
    const s = data.session;
    mount.appendChild(h('p', { class: 've-success', 'data-testid': 've-timed-done', text: s.status === 'expired' ? _('Time ran out: your saved answers were submitted.') : _('Your test was submitted.') }));
    if (s.score !== null) mount.appendChild(h('p', { class: 've-score', 'data-testid': 've-timed-score', text: _('Score') + ': ' + (Math.round(s.score * 100) / 100) + ' / ' + s.max_score }));
    data.questions.forEach((q, n) => {
      if (q.correct === undefined) return;
      mount.appendChild(h('div', { class: 've-tq' }, [
        h('p', { class: q.correct ? 've-right' : 've-wrong', text: (n + 1) + '. ' + (q.correct ? _('Right') : _('Wrong')) }),
        q.solution_html ? h('div', { class: 've-solution', html: q.solution_html }) : null,
      ]));
    });
    if (data.can_start) {
      const again = h('button', { type: 'button', class: 've-button', text: _('Start again') });
      again.onclick = () => post('start').then(render).catch((e) => say(e.message));
      mount.appendChild(again);
    }
    mount.appendChild(status);
    staff();
  }

  function staff() {
    if (!args.is_staff) return;
    const btn = h('button', { type: 'button', class: 've-button', 'data-testid': 've-timed-sessions', text: _('Learners’ sessions') });
    const out = h('div');
    btn.onclick = () => post('sessions').then((b) => {
      out.textContent = '';
      out.appendChild(h('table', {}, [h('tr', {}, [_('Learner'), _('Status'), _('Started'), _('Deadline'), _('Score'), 'id'].map((t) => h('th', { text: t })))].concat(
        b.sessions.map((r) => h('tr', {}, [r.username, r.status, r.started, r.deadline, r.score === null ? '' : r.score, r.id].map((t) => h('td', { text: String(t) })))))));
      out.appendChild(h('p', { class: 've-help', text: _('Extend or reset a session: POST /api/ve-edu/v1/courses/{course_id}/assessments/{id}/extend/ or …/reset/') }));
    }).catch((e) => say(e.message));
    mount.appendChild(h('div', { class: 've-staff' }, [btn, out]));
  }

  window.addEventListener('online', () => { if (!closed) flush(false).catch(() => {}); });
  post('state').then(render).catch((e) => { mount.textContent = e.message; });
}
