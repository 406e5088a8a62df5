/* Learner view of the ve_question XBlock. Needs ve_common.js and ve_question_view.js loaded first.
 * Handlers: state {} and submit {answer, client_key, client_timestamp} (see the handler contract). */
function VeQuestionBlock(runtime, element, initArgs) {
  'use strict';
  const V = window.VeEdu;
  const { h, _ } = V;
  const ctx = V.context(runtime, element, initArgs);
  const body = ctx.root.querySelector('.ve-body') || ctx.root;
  const status = V.statusLine();
  const scoreEl = h('p', { class: 've-score', 'data-testid': 've-score' });
  const masteryEl = h('p', { class: 've-mastery', 'data-testid': 've-mastery', hidden: true });
  body.removeAttribute('aria-busy'); // updates must be announced, even while offline

  if (ctx.args.display_name) {
    ctx.root.insertBefore(h('h3', { class: 've-title', text: ctx.args.display_name }), ctx.root.firstChild);
  }

  const pane = V.answerPane(ctx, status, {
    onResult(data, result) {
      remember(data);
      show(data, result, true);
      if (pane.view) {
        pane.view.setBusy(false);
        if (pane.view.isDone()) pane.view.focusResult(); // the focused Submit just became disabled
      }
    },
  });
  const submitter = pane.submitter;

  // Cache the last response so a reload without a connection still shows the question.
  function remember(data) {
    V.store.set(ctx.key('state'), {
      question: data.question, score: data.score, max_score: data.max_score, mastery: data.mastery,
    });
  }

  function show(data, result, fresh) {
    const q = data.question;
    if (!q) {
      pane.view = null;
      body.textContent = '';
      // The server says why (not set up, or its question left the bank), in the learner's language.
      const why = data.error && data.error.message ? data.error.message : _('This question is not available yet.');
      body.appendChild(h('p', { class: 've-notice', 'data-testid': 've-unavailable', role: 'status', text: why }));
      return;
    }
    if (pane.isNew(q)) {
      pane.render(body, q);
      body.appendChild(scoreEl);
      body.appendChild(masteryEl);
    }
    pane.update(q, result, fresh);
    scoreEl.textContent = _('Score:') + ' ' + V.fmt(data.score) + ' / ' + V.fmt(data.max_score);
    const m = data.mastery;
    masteryEl.hidden = !m;
    if (m) {
      masteryEl.textContent = _('Mastery of') + ' ' + m.title + ': ' + Math.round((m.p_mastery || 0) * 100) + '%' +
        (m.mastered ? ' \u2014 ' + _('mastered') : '');
    }
  }

  function fail(err) {
    status.set('error', err.message);
    if (!pane.view) {
      body.textContent = '';
      body.appendChild(h('p', { class: 've-notice', role: 'alert', text: err.message }));
    }
  }

  const cached = V.store.get(ctx.key('state'));
  if (cached && cached.question) show(cached, cached.question.last_result, false);
  status.set('loading');
  submitter.waiting(); // an answer kept from an earlier visit
  if (!pane.view) body.appendChild(status.el);

  V.keepTrying(() => V.postJson(ctx.url('state'), {}), (err) => submitter.waiting(err)).then(
    (data) => {
      remember(data);
      status.set('idle');
      if (data.question) submitter.forget(data.question.id);
      show(data, data.question ? data.question.last_result : null, false);
      submitter.ready = true;
      submitter.flush(); // an answer left unsent by a reload or a lost connection
    },
    fail
  );
}
