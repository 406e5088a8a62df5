/* The question view the ve_question and ve_adaptive_practice learner scripts share: the renderer
 * (input, verdict, hints, solution) and the answer pane around it (one Submitter, the draft, the
 * view). Needs ve_common.js (window.VeEdu) loaded first; adds renderQuestion and answerPane to it.
 */
(function () {
  'use strict';
  const V = window.VeEdu;
  if (!V || V.answerPane) return; // several blocks on one page each add this file; the first copy wins.
  const { h, _, Draft, Submitter, nextId, typeset } = V;

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

  /* ---------- answer pane (shared by both learner blocks) ---------- */

  // The answer half of a learner block: the Submitter of `submit`, the learner's draft and the
  // question view. opts.onResult(data, result) runs after a saved answer (result: the verdict).
  function answerPane(ctx, status, opts) {
    const draft = Draft(ctx.key('draft'));
    const pane = { view: null, draft };
    pane.submitter = new Submitter({
      url: ctx.url('submit'),
      key: ctx.key('pending'),
      status,
      ready: false, // resend an unsent answer only after `state`, so the newer result is shown last
      onResult(data) {
        const result = data.result || null;
        if (result && result.error) status.set('idle'); // unreadable: nothing was saved or counted
        else draft.clear();
        opts.onResult(data, result);
      },
      onRejected(err, rec) {
        // Keep what the learner typed; the status line already shows the server's message.
        if (!pane.view) return;
        draft.save(pane.view.id, rec.answer);
        pane.view.setBusy(false);
        pane.view.showError(err.message);
        status.set('idle'); // the message is shown once, next to the input
      },
    });

    // The answer to put in the input: one still being sent, else the draft, else the last one sent.
    function initialAnswer(q) {
      const rec = pane.submitter.pending();
      if (rec && (rec.question_id === undefined || rec.question_id === q.id)) return rec.answer;
      const d = draft.load(q.id);
      return d !== undefined ? d : q.last_answer;
    }

    // Whether `q` needs a new view (another question, or a new version of it).
    pane.isNew = (q) => !pane.view || pane.view.id !== q.id || pane.view.version !== q.version;

    // A new view of `q` in `body`; beforeSend() runs as the learner submits.
    pane.render = (body, q, beforeSend) => {
      body.textContent = '';
      pane.view = V.renderQuestion(body, q, {
        status,
        answer: initialAnswer(q),
        onSubmit(answer) {
          pane.view.setBusy(true);
          if (beforeSend) beforeSend();
          pane.submitter.submit({ question_id: q.id, answer });
        },
        onDraft(answer) { draft.save(q.id, answer); },
      });
      return pane.view;
    };

    // Show `result` on the current view; Submit stays blocked while an answer is on its way.
    pane.update = (q, result, fresh) => {
      pane.view.update(q, result, fresh);
      pane.view.setBusy(!!pane.submitter.pending());
    };
    return pane;
  }

  V.renderQuestion = renderQuestion;
  V.answerPane = answerPane;
})();
