/* Learner view of the ve_adaptive_practice XBlock. Needs ve_common.js and ve_question_view.js loaded first.
 * Handlers: state {}, submit {question_id, answer, client_key, client_timestamp}, next {}. */
function VeAdaptivePracticeBlock(runtime, element, initArgs) {
  'use strict';
  const V = window.VeEdu;
  const { h, _ } = V;
  const ctx = V.context(runtime, element, initArgs);
  const status = V.statusLine();
  let last = null; // last state-shaped response, for values a submit response does not carry
  let loadingNext = false;

  const MESSAGES = {
    mastered: _('You have mastered every topic in this practice.'),
    limit: _("You have reached today's limit. Come back tomorrow for more practice."),
    max: _('You have answered the most questions this practice allows.'),
    empty: _('No questions available yet.'),
  };

  // Layout: progress, final-state message, question, Next + score. The JS owns it all.
  const progressHeadId = V.nextId();
  const progressList = h('ul', { class: 've-progress-list' });
  const progressEl = h('section', { class: 've-progress', 'data-testid': 've-progress', hidden: true, 'aria-labelledby': progressHeadId }, [
    h('h4', { class: 've-subhead', id: progressHeadId, text: _('Your progress') }), progressList,
  ]);
  const statusEl = h('div', {
    class: 've-practice-status', 'data-testid': 've-practice-status', 'data-status': 'loading',
    role: 'status', tabindex: '-1',
  });
  const body = h('div', { class: 've-practice-body' });
  const nextBtn = h('button', { type: 'button', class: 've-button ve-next', 'data-testid': 've-next', hidden: true, text: _('Next question') });
  const footer = h('div', { class: 've-actions ve-practice-footer' }, [nextBtn, status.el]);
  const scoreEl = h('p', { class: 've-score', 'data-testid': 've-score' });
  const answeredEl = h('p', { class: 've-answered', 'data-testid': 've-answered' });

  const mount = ctx.root.querySelector('.ve-body') || ctx.root;
  mount.textContent = '';
  mount.removeAttribute('aria-busy'); // updates must be announced, even while offline
  if (ctx.args.display_name) mount.appendChild(h('h3', { class: 've-title', text: ctx.args.display_name }));
  [progressEl, statusEl, body, footer, answeredEl, scoreEl].forEach((n) => mount.appendChild(n));

  const pane = V.answerPane(ctx, status, {
    onResult(data, result) {
      show(data, result, true);
      if (pane.view) pane.view.setBusy(false);
      // Keyboard users go straight on: Enter on "Next question".
      if (result && !result.error && !nextBtn.hidden) nextBtn.focus();
      else if (data.status !== 'question') statusEl.focus();
    },
  });
  const submitter = pane.submitter;

  function renderProgress(progress) {
    progressList.textContent = '';
    (progress || []).forEach((m) => {
      // Progress toward the block's mastery policy (1 once mastered); else the knowledge estimate.
      const pct = Math.round((Number(m.progress !== undefined ? m.progress : m.p_mastery) || 0) * 100);
      const fill = h('span', { class: 've-bar-fill' });
      fill.style.width = pct + '%'; // CSSOM, so a strict style-src CSP still allows it
      progressList.appendChild(h('li', {
        class: 've-skill' + (m.mastered ? ' ve-skill-mastered' : ''),
        'data-subtopic-id': m.subtopic_id, 'data-mastered': m.mastered ? 'true' : 'false',
      }, [
        h('span', { class: 've-skill-title', text: m.title }),
        h('span', {
          class: 've-bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-valuenow': pct, 'aria-label': m.title,
        }, [fill]),
        h('span', { class: 've-skill-pct', text: pct + '%' }),
        m.mastered ? h('span', { class: 've-mastered-mark', text: '\u2713 ' + _('Mastered') }) : null,
      ]));
    });
    progressEl.hidden = !(progress && progress.length);
  }

  function finalMessage(st, reason, error) {
    if (error && error.message) return error.message; // 'unavailable': the server says why, in the learner's language
    if (st === 'limit' && /max|question/i.test(reason || '')) return MESSAGES.max;
    return MESSAGES[st] || '';
  }

  function setStatus(st, reason, error) {
    statusEl.setAttribute('data-status', st);
    statusEl.textContent = '';
    const msg = finalMessage(st, reason, error);
    if (!msg) return;
    statusEl.appendChild(h('p', { class: 've-practice-message', text: msg }));
    // A reason written as a sentence is worth showing; a bare code is not.
    if (reason && /\s/.test(reason)) statusEl.appendChild(h('p', { class: 've-help', text: reason }));
  }

  // data: a state/next/submit response. result: the verdict to show (null for none).
  function show(data, result, fresh) {
    last = Object.assign({}, last || {}, data);
    delete last.result;
    V.store.set(ctx.key('state'), last); // a reload without a connection still shows the practice
    renderProgress(data.progress);
    setStatus(data.status, data.reason, data.error);
    const q = data.question;
    let isNew = false;
    if (!q) {
      pane.view = null;
      body.textContent = '';
      footer.appendChild(status.el);
    } else if (pane.isNew(q)) {
      isNew = true;
      // No moving on while this answer is on its way.
      pane.render(body, q, () => { nextBtn.hidden = true; });
    }
    if (pane.view) pane.update(q, result, fresh);
    // "Next" once the current question has a graded answer, while practice goes on.
    const graded = q && ((result && !result.error) || (q.last_result && !q.last_result.error) || q.done);
    nextBtn.hidden = !(data.status === 'question' && graded) || !!submitter.pending();
    scoreEl.textContent = _('Score:') + ' ' + V.fmt(last.score) + ' / ' + V.fmt(last.max_score);
    answeredEl.hidden = last.answered === undefined || last.answered === null;
    answeredEl.textContent = _('Questions answered:') + ' ' + last.answered;
    return isNew;
  }

  // state and next share one loader: retried like answers, since both are safe to repeat.
  function load(handler, focus) {
    status.set('loading');
    submitter.waiting(); // an answer kept from an earlier visit
    return V.keepTrying(() => V.postJson(ctx.url(handler), {}), (err) => submitter.waiting(err)).then(
      (data) => {
        status.set('idle');
        const isNew = show(data, data.question ? data.question.last_result : null, false);
        if (focus) {
          if (isNew && pane.view) pane.view.focus();
          else if (!data.question) statusEl.focus();
        }
        return data;
      },
      (err) => {
        status.set('error', err.message);
        throw err;
      }
    );
  }

  nextBtn.addEventListener('click', () => {
    if (loadingNext) return;
    loadingNext = true;
    nextBtn.setAttribute('aria-disabled', 'true');
    const done = () => { loadingNext = false; nextBtn.removeAttribute('aria-disabled'); };
    load('next', true).then(done, done);
  });

  const cached = V.store.get(ctx.key('state'));
  if (cached && cached.status) show(cached, cached.question ? cached.question.last_result : null, false);
  else footer.appendChild(status.el);

  load('state', false).then((data) => {
    if (data && data.question) submitter.forget(data.question.id); // the practice has moved on
    submitter.ready = true;
    submitter.flush(); // an answer left unsent by a reload or a lost connection
  }, () => {});
}
