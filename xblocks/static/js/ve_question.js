/* Learner view of the ve_question XBlock. Needs ve_common.js (window.VeEdu) loaded first.
 * Handlers: state {} and submit {answer, client_key, client_timestamp} (see the handler contract). */
function VeQuestionBlock(runtime, element, initArgs) {
  'use strict';
  const V = window.VeEdu;
  const { h, _ } = V;
  const ctx = V.context(runtime, element, initArgs);
  const root = ctx.el.querySelector('.ve-block') || ctx.el;
  const body = root.querySelector('.ve-body') || root;
  const status = V.statusLine();
  const draft = V.Draft(ctx.key('draft'));
  const scoreEl = h('p', { class: 've-score', 'data-testid': 've-score' });
  const masteryEl = h('p', { class: 've-mastery', 'data-testid': 've-mastery', hidden: true });
  let view = null;
  body.removeAttribute('aria-busy'); // updates must be announced, even while offline

  if (ctx.args.display_name) {
    root.insertBefore(h('h3', { class: 've-title', text: ctx.args.display_name }), root.firstChild);
  }

  const submitter = new V.Submitter({
    url: ctx.url('submit'),
    key: ctx.key('pending'),
    status,
    ready: false, // resend an unsent answer only after `state`, so the newer result is shown last
    onResult(data) {
      const result = data.result || null;
      if (result && result.error) status.set('idle'); // unreadable: nothing was saved or counted
      else draft.clear();
      remember(data);
      show(data, result, true);
      if (view) {
        view.setBusy(false);
        if (view.isDone()) view.focusResult(); // the focused Submit just became disabled
      }
    },
    onRejected(err, rec) {
      // Keep what the learner typed; the status line already shows the server's message.
      if (view) {
        draft.save(view.id, rec.answer);
        view.setBusy(false);
        view.showError(err.message);
        status.set('idle'); // the message is shown once, next to the input
      }
    },
  });

  // The answer to put in the input: one still being sent, else the draft, else the last one sent.
  function initialAnswer(q) {
    const rec = submitter.pending();
    if (rec) return rec.answer;
    const d = draft.load(q.id);
    return d !== undefined ? d : q.last_answer;
  }

  // Cache the last response so a reload without a connection still shows the question.
  function remember(data) {
    V.store.set(ctx.key('state'), {
      question: data.question, score: data.score, max_score: data.max_score, mastery: data.mastery,
    });
  }

  function show(data, result, fresh) {
    const q = data.question;
    if (!q) {
      view = null;
      body.textContent = '';
      // The server says why (not set up, or its question left the bank), in the learner's language.
      const why = data.error && data.error.message ? data.error.message : _('This question is not available yet.');
      body.appendChild(h('p', { class: 've-notice', 'data-testid': 've-unavailable', role: 'status', text: why }));
      return;
    }
    if (!view || view.id !== q.id || view.version !== q.version) {
      body.textContent = '';
      view = V.renderQuestion(body, q, {
        status,
        answer: initialAnswer(q),
        onSubmit(answer) {
          view.setBusy(true);
          submitter.submit({ question_id: q.id, answer });
        },
        onDraft(answer) { draft.save(q.id, answer); },
      });
      body.appendChild(scoreEl);
      body.appendChild(masteryEl);
    }
    view.update(q, result, fresh);
    view.setBusy(!!submitter.pending());
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
    if (!view) {
      body.textContent = '';
      body.appendChild(h('p', { class: 've-notice', role: 'alert', text: err.message }));
    }
  }

  const cached = V.store.get(ctx.key('state'));
  if (cached && cached.question) show(cached, cached.question.last_result, false);
  status.set('loading');
  submitter.waiting(); // an answer kept from an earlier visit
  if (!view) body.appendChild(status.el);

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
