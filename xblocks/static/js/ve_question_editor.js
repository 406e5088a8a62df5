/* VE-EDU question editor: the fields a teacher understands, per question type, building the body
 * JSON the bank accepts. Used by the question block's Studio editor and the bank page.
 * Plain ES2017, no dependencies; needs ve_common.js (window.VeEdu) loaded first.
 *
 * VeQuestionEditor.create(opts) -> {node, read(), isEmpty(), load(q), showErrors(fieldErrors), clearErrors()}
 *   opts.question: {type, body (with LaTeX, as the API's body_source), subtopic, difficulty, exam_level, form, tags}
 *   opts.subtopics: [{value, label}] (the synced outline), opts.preview(type, body, answer?) -> Promise<{body, result}>
 * Server field errors ("body.choices[1].text", "subtopic") are shown beside the input they name. */
(function () {
  'use strict';
  if (window.VeQuestionEditor) return;
  const V = window.VeEdu;
  const { h, _ } = V;

  const TYPE_LABELS = {
    single_choice: _('One correct choice'),
    multiple_choice: _('Several correct choices'),
    numeric: _('Number'),
    text: _('Short text answer'),
    formula: _('Formula'),
  };
  const TYPES = Object.keys(TYPE_LABELS);
  const MATHS_HELP = _('Plain text or HTML. Write maths in LaTeX, for example:') + ' \\(x^2 + 1\\)';

  /* ---------- REST helper (problem+json errors keep their field_errors) ---------- */

  async function requestJson(method, url, body) {
    const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (method !== 'GET') { headers['Content-Type'] = 'application/json'; headers['X-CSRFToken'] = V.csrfToken(); }
    let resp;
    try {
      resp = await fetch(url, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const err = new Error(_('Could not reach the server. Check your connection and try again.'));
      err.status = 0;
      throw err;
    }
    const text = await resp.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!resp.ok) {
      const err = new Error((data && (data.detail || data.title)) || (_('The request failed') + ' (' + resp.status + ').'));
      err.status = resp.status;
      err.fieldErrors = (data && data.field_errors) || {};
      throw err;
    }
    return data;
  }

  /* ---------- small builders ---------- */

  let seq = 0;
  function uid() { seq += 1; return 'vqe' + seq; }

  // A labelled input with its own error list; `errors(paths)` registers it for server errors.
  function field(label, control, opts) {
    const o = opts || {};
    const id = control.id || uid();
    control.id = id;
    const errs = h('ul', { class: 've-field-errors', id: id + '-err', 'data-testid': 've-qe-error-' + (o.testid || '') });
    const help = o.help ? h('p', { class: 've-help', id: id + '-help', text: o.help }) : null;
    control.setAttribute('aria-describedby', (help ? id + '-help ' : '') + id + '-err');
    const node = h('div', { class: 've-field ve-qe-field' }, [
      o.inline ? null : h('label', { for: id, class: 've-label', text: label }),
      o.inline ? h('div', { class: 've-check-row' }, [control, h('label', { for: id, text: label })]) : control,
      help, errs,
    ]);
    return { node, control, errs };
  }

  function textInput(testid, value, attrs) {
    return h('input', Object.assign({ type: 'text', class: 've-input', 'data-testid': testid, value: value == null ? '' : value }, attrs || {}));
  }
  function textArea(testid, value, rows) {
    const ta = h('textarea', { class: 've-input ve-textarea', rows: rows || 3, 'data-testid': testid });
    ta.value = value == null ? '' : value;
    return ta;
  }
  function checkBox(testid, checked) {
    return h('input', { type: 'checkbox', class: 've-check', 'data-testid': testid, checked: !!checked });
  }
  function select(testid, options, value) {
    return h('select', { class: 've-input', 'data-testid': testid },
      options.map((o) => h('option', { value: o.value == null ? '' : o.value, selected: String(o.value == null ? '' : o.value) === String(value == null ? '' : value), text: o.label })));
  }
  function smallButton(text, testid, onclick) {
    return h('button', { type: 'button', class: 've-button ve-button-secondary ve-qe-small', 'data-testid': testid, text, onclick });
  }

  /* An ordered list of rows (hints, choices, alternatives, variables): add, remove, move up and down. */
  function rowList(name, makeRow, addLabel) {
    const rows = [];
    const list = h('ol', { class: 've-qe-rows', 'data-testid': 've-qe-' + name });
    function renumber() {
      rows.forEach((r, i) => { r.index = i; r.node.setAttribute('data-index', i); });
    }
    function add(value, focus) {
      const row = makeRow(value || {}, rows.length);
      const remove = smallButton(_('Remove'), 've-qe-' + name + '-remove', () => {
        rows.splice(rows.indexOf(row), 1); list.removeChild(row.node); renumber(); addBtn.focus();
      });
      const up = smallButton(_('Move up'), 've-qe-' + name + '-up', () => {
        const i = rows.indexOf(row);
        if (i > 0) { rows.splice(i, 1); rows.splice(i - 1, 0, row); list.insertBefore(row.node, rows[i].node); renumber(); up.focus(); }
      });
      row.node = h('li', { class: 've-qe-row' }, [row.content, h('div', { class: 've-qe-row-actions' }, [up, remove])]);
      rows.push(row);
      list.appendChild(row.node);
      renumber();
      if (focus && row.first) row.first.focus();
      return row;
    }
    const addBtn = smallButton(addLabel, 've-qe-' + name + '-add', () => add({}, true));
    return { rows, add, node: h('div', { class: 've-qe-list' }, [list, addBtn]),
      clear() { rows.splice(0); list.textContent = ''; } };
  }

  /* ---------- the editor ---------- */

  // "body.choices[1].text" -> "body.choices[1]" -> "body.choices" -> "body" -> "".
  function parentPath(path) {
    const up = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    return up === path ? '' : up;
  }

  function create(opts) {
    const o = opts || {};
    const registry = {}; // error path -> {errs, control}
    const generalErr = h('div', { class: 've-editor-error', role: 'alert', 'data-testid': 've-qe-general-error' });
    const typeSel = select('ve-qe-type', TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] })), 'single_choice');
    const typeField = field(_('Question type'), typeSel, { testid: 'type' });
    const text = field(_('Question text'), textArea('ve-qe-text', '', 4), { help: MATHS_HELP, testid: 'text' });
    const typePart = h('div', { class: 've-qe-type-part' });
    const hints = rowList('hints', (v) => {
      const f = field(_('Hint'), textArea('ve-qe-hint', v.text, 2), { testid: 'hint' });
      return { content: f.node, first: f.control, f, value: () => f.control.value.trim() };
    }, _('Add a hint'));
    const solution = field(_('Worked solution'), textArea('ve-qe-solution', '', 3), { help: _('Shown after the wrong attempts the block allows, or at the end.'), testid: 'solution' });
    const explanation = field(_('Explanation'), textArea('ve-qe-explanation', '', 2), { help: _('Shown once the learner is right or the answer is revealed.'), testid: 'explanation' });
    const meta = buildMeta(o.subtopics || []);
    let typeEditor = null;

    function setType(type, body) {
      typeEditor = TYPE_EDITORS[type](body || {});
      typePart.textContent = '';
      typePart.appendChild(typeEditor.node);
    }
    typeSel.addEventListener('change', () => setType(typeSel.value, typeEditor ? typeEditor.carry() : {}));

    function load(q) {
      const question = q || {};
      const body = question.body || {};
      typeSel.value = TYPES.indexOf(question.type) >= 0 ? question.type : 'single_choice';
      text.control.value = body.text || '';
      hints.clear();
      (body.hints || []).forEach((t) => hints.add({ text: t }));
      solution.control.value = body.solution || '';
      explanation.control.value = body.explanation || '';
      meta.load(question);
      setType(typeSel.value, body);
    }

    // Builds the body and records which input each error path names.
    function read() {
      Object.keys(registry).forEach((k) => delete registry[k]);
      registry.type = typeField; registry['body.text'] = text; registry['body.hints'] = { errs: hints.rows.length ? hints.rows[0].f.errs : text.errs, control: hints.rows.length ? hints.rows[0].f.control : text.control };
      registry['body.solution'] = solution; registry['body.explanation'] = explanation;
      const body = { text: text.control.value.trim() };
      const hintTexts = [];
      hints.rows.forEach((r) => { const v = r.value(); if (v) { registry['body.hints[' + hintTexts.length + ']'] = r.f; hintTexts.push(v); } });
      if (hintTexts.length) body.hints = hintTexts;
      if (solution.control.value.trim()) body.solution = solution.control.value.trim();
      if (explanation.control.value.trim()) body.explanation = explanation.control.value.trim();
      Object.assign(body, typeEditor.read(registry));
      return Object.assign({ type: typeSel.value, body }, meta.read(registry));
    }

    function isEmpty() {
      return !text.control.value.trim();
    }

    function clearErrors() {
      generalErr.textContent = '';
      root.querySelectorAll('.ve-field-errors').forEach((ul) => { ul.textContent = ''; });
      root.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    }

    // Each error goes beside the input its path names, else beside its nearest named parent, else on top.
    function showErrors(fieldErrors, message) {
      clearErrors();
      let first = null;
      const unplaced = [];
      Object.keys(fieldErrors || {}).forEach((path) => {
        const messages = [].concat(fieldErrors[path]);
        let key = path;
        while (key && !registry[key]) key = parentPath(key);
        const target = key ? registry[key] : null;
        if (!target) { unplaced.push(path + ': ' + messages.join(' ')); return; }
        messages.forEach((m) => target.errs.appendChild(h('li', { text: key === path ? m : path.replace(/^body\./, '') + ': ' + m })));
        target.control.setAttribute('aria-invalid', 'true');
        if (!first) first = target.control;
      });
      generalErr.textContent = [message].concat(unplaced).filter(Boolean).join(' ');
      if (first) first.focus();
      return first;
    }

    const previewPart = o.preview ? buildPreview(o.preview, () => { const q = read(); return [q.type, q.body]; }) : null;
    const root = h('div', { class: 've-question-editor', 'data-testid': 've-question-editor' }, [
      generalErr,
      typeField.node,
      text.node,
      typePart,
      h('fieldset', { class: 've-fieldset ve-qe-group' }, [h('legend', { class: 've-label', text: _('Hints, in the order learners see them') }), hints.node]),
      solution.node,
      explanation.node,
      meta.node,
      previewPart ? previewPart.node : null,
    ]);
    if (previewPart) {
      // What the author types re-renders the preview; the sample answer typed in it does not.
      const edited = (e) => { if (!previewPart.node.contains(e.target)) previewPart.schedule(); };
      root.addEventListener('input', edited);
      root.addEventListener('change', edited);
    }
    load(o.question);
    return { node: root, read, isEmpty, load, showErrors, clearErrors };
  }

  /* ---------- per-type parts ---------- */

  function choicesEditor(body, multiple) {
    const name = 've-qe-correct-' + uid(); // one radio group per editor (single choice)
    const used = {};
    function freshId() {
      for (let i = 0; ; i += 1) {
        const id = i < 26 ? String.fromCharCode(97 + i) : 'c' + i;
        if (!used[id]) { used[id] = true; return id; }
      }
    }
    const list = rowList('choices', (v) => {
      const id = v.id || freshId();
      used[id] = true;
      const t = field(_('Choice'), textInput('ve-qe-choice-text', v.text), { testid: 'choice-text' });
      const correct = multiple ? checkBox('ve-qe-choice-correct', v.correct) : h('input', { type: 'radio', name, class: 've-check', 'data-testid': 've-qe-choice-correct', checked: !!v.correct });
      const c = field(_('Correct'), correct, { inline: true, testid: 'choice-correct' });
      const fb = field(_('Feedback when chosen'), textInput('ve-qe-choice-feedback', v.feedback), { testid: 'choice-feedback' });
      const fixed = field(_('Keep in place when shuffled'), checkBox('ve-qe-choice-fixed', v.fixed), { inline: true, testid: 'choice-fixed' });
      return { content: h('div', {}, [t.node, c.node, fb.node, fixed.node]), first: t.control, t, c, fb, v, id,
        value() {
          const out = Object.assign({}, v, { id, text: t.control.value.trim(), correct: correct.checked });
          const feedback = fb.control.value.trim();
          if (feedback) out.feedback = feedback; else delete out.feedback;
          if (fixed.control.checked) out.fixed = true; else delete out.fixed;
          return out;
        } };
    }, _('Add a choice'));
    (body.choices && body.choices.length ? body.choices : [{}, {}]).forEach((c) => list.add(c));
    const credit = multiple ? field(_('Partial credit'), select('ve-qe-partial-credit', [
      { value: 'none', label: _('None: all or nothing') },
      { value: 'every_decision_counts', label: _('Every box ticked or left correctly counts') },
      { value: 'halves', label: _('Half for one mistake, a quarter for two') },
    ], body.partial_credit || 'none'), { testid: 'partial-credit' }) : null;
    const group = h('fieldset', { class: 've-fieldset ve-qe-group' }, [
      h('legend', { class: 've-label', text: multiple ? _('Choices (tick every correct one)') : _('Choices (mark the correct one)') }),
      list.node,
    ]);
    const groupErrs = h('ul', { class: 've-field-errors', 'data-testid': 've-qe-error-choices' });
    return {
      node: h('div', {}, [group, groupErrs, credit ? credit.node : null]),
      carry: () => ({ choices: list.rows.map((r) => r.value()) }),
      read(reg) {
        reg['body.choices'] = { errs: groupErrs, control: list.rows.length ? list.rows[0].t.control : group };
        const choices = list.rows.map((r, i) => {
          reg['body.choices[' + i + ']'] = r.t; reg['body.choices[' + i + '].text'] = r.t; reg['body.choices[' + i + '].id'] = r.t;
          reg['body.choices[' + i + '].correct'] = r.c; reg['body.choices[' + i + '].feedback'] = r.fb;
          return r.value();
        });
        const out = { choices };
        if (multiple) {
          reg['body.partial_credit'] = credit;
          out.partial_credit = credit.control.value;
          if (body.combination_feedback) { out.combination_feedback = body.combination_feedback; reg['body.combination_feedback'] = credit; }
        }
        return out;
      },
    };
  }

  function parseRange(source) {
    const m = /^\s*([[(])\s*([^,]*),\s*([^\])]*)([\])])\s*$/.exec(source || '');
    return m ? { lower: m[2].trim(), upper: m[3].trim(), lowerIn: m[1] === '[', upperIn: m[4] === ']' } : { lowerIn: true, upperIn: true };
  }

  function numericEditor(body) {
    const useRange = body.range !== undefined && body.range !== null;
    const r = parseRange(body.range);
    const mode = field(_('Accept a range instead of one value'), checkBox('ve-qe-numeric-use-range', useRange), { inline: true, testid: 'numeric-use-range' });
    const value = field(_('Correct value'), textInput('ve-qe-numeric-value', body.value == null ? '' : body.value), { help: _('A number or an expression such as 2*pi or 1/3.'), testid: 'numeric-value' });
    const tolerance = field(_('Tolerance'), textInput('ve-qe-numeric-tolerance', body.tolerance), { help: _('How far off an answer may be: a number such as 0.01, or a percentage of the value such as 5 percent. Empty: nearly exact.'), testid: 'numeric-tolerance' });
    const lower = field(_('Lowest accepted'), textInput('ve-qe-range-lower', r.lower), { testid: 'range-lower' });
    const lowerIn = field(_('Including the lowest'), checkBox('ve-qe-range-lower-in', r.lowerIn), { inline: true, testid: 'range-lower-in' });
    const upper = field(_('Highest accepted'), textInput('ve-qe-range-upper', r.upper), { testid: 'range-upper' });
    const upperIn = field(_('Including the highest'), checkBox('ve-qe-range-upper-in', r.upperIn), { inline: true, testid: 'range-upper-in' });
    const valuePart = h('div', {}, [value.node, tolerance.node]);
    const rangePart = h('div', {}, [lower.node, lowerIn.node, upper.node, upperIn.node]);
    const sync = () => { valuePart.hidden = mode.control.checked; rangePart.hidden = !mode.control.checked; };
    mode.control.addEventListener('change', sync);
    sync();
    function read(reg) {
      if (mode.control.checked) {
        reg['body.range'] = lower; reg['body.value'] = lower;
        return { range: (lowerIn.control.checked ? '[' : '(') + lower.control.value.trim() + ', ' + upper.control.value.trim() + (upperIn.control.checked ? ']' : ')') };
      }
      reg['body.value'] = value; reg['body.tolerance'] = tolerance;
      const out = { value: value.control.value.trim() };
      if (tolerance.control.value.trim()) out.tolerance = tolerance.control.value.trim();
      return out;
    }
    return { node: h('div', {}, [mode.node, valuePart, rangePart]), read, carry: () => ({}) };
  }

  function textEditor(body) {
    const list = rowList('alternatives', (v) => {
      const f = field(_('Accepted answer'), textInput('ve-qe-alternative', v.text), { testid: 'alternative' });
      return { content: f.node, first: f.control, f };
    }, _('Add an accepted answer'));
    (body.alternatives && body.alternatives.length ? body.alternatives : ['']).forEach((t) => list.add({ text: t }));
    const caseSensitive = field(_('Capital letters must match'), checkBox('ve-qe-case-sensitive', body.case_sensitive), { inline: true, testid: 'case-sensitive' });
    const regexp = field(_('Accepted answers are regular expressions'), checkBox('ve-qe-regexp', body.regexp), { inline: true, testid: 'regexp' });
    const display = field(_('Answer shown to learners (optional)'), textInput('ve-qe-display-answer', body.display_answer), { testid: 'display-answer' });
    const errs = h('ul', { class: 've-field-errors', 'data-testid': 've-qe-error-alternatives' });
    return {
      node: h('div', {}, [h('fieldset', { class: 've-fieldset ve-qe-group' }, [h('legend', { class: 've-label', text: _('Accepted answers') }), list.node]), errs, caseSensitive.node, regexp.node, display.node]),
      carry: () => ({}),
      read(reg) {
        reg['body.alternatives'] = { errs, control: list.rows.length ? list.rows[0].f.control : caseSensitive.control };
        const alternatives = [];
        list.rows.forEach((r) => { const t = r.f.control.value.trim(); if (t) { reg['body.alternatives[' + alternatives.length + ']'] = r.f; alternatives.push(t); } });
        reg['body.case_sensitive'] = caseSensitive; reg['body.regexp'] = regexp; reg['body.display_answer'] = display;
        const out = { alternatives, case_sensitive: caseSensitive.control.checked, regexp: regexp.control.checked };
        if (display.control.value.trim()) out.display_answer = display.control.value.trim();
        return out;
      },
    };
  }

  function formulaEditor(body) {
    const expected = field(_('Correct formula'), textInput('ve-qe-formula-expected', body.expected), { help: _('For example x^2 + 2*x; learners may write any equal formula.'), testid: 'formula-expected' });
    const list = rowList('variables', (v) => {
      const n = field(_('Variable'), textInput('ve-qe-variable-name', v.name), { testid: 'variable-name' });
      const lo = field(_('From'), textInput('ve-qe-variable-low', v.low, { inputmode: 'decimal' }), { testid: 'variable-low' });
      const hi = field(_('To'), textInput('ve-qe-variable-high', v.high, { inputmode: 'decimal' }), { testid: 'variable-high' });
      return { content: h('div', { class: 've-qe-inline' }, [n.node, lo.node, hi.node]), first: n.control, n, lo, hi };
    }, _('Add a variable'));
    const vars = body.variables || {};
    const names = Object.keys(vars);
    (names.length ? names : ['x']).forEach((name) => list.add({ name, low: vars[name] ? vars[name][0] : 1, high: vars[name] ? vars[name][1] : 10 }));
    const samples = field(_('Sample points'), textInput('ve-qe-formula-samples', body.samples == null ? 20 : body.samples, { inputmode: 'numeric' }), { help: _('The formulas are compared at this many random points.'), testid: 'formula-samples' });
    const tolerance = field(_('Tolerance'), textInput('ve-qe-formula-tolerance', body.tolerance), { testid: 'formula-tolerance' });
    const caseSensitive = field(_('Capital letters must match'), checkBox('ve-qe-formula-case-sensitive', body.case_sensitive), { inline: true, testid: 'formula-case-sensitive' });
    const errs = h('ul', { class: 've-field-errors', 'data-testid': 've-qe-error-variables' });
    const num = (s) => (s.trim() === '' || isNaN(Number(s)) ? s.trim() : Number(s));
    return {
      node: h('div', {}, [expected.node, h('fieldset', { class: 've-fieldset ve-qe-group' }, [h('legend', { class: 've-label', text: _('Variables and the ranges they are sampled from') }), list.node]), errs, samples.node, tolerance.node, caseSensitive.node]),
      carry: () => ({}),
      read(reg) {
        reg['body.expected'] = expected; reg['body.samples'] = samples; reg['body.tolerance'] = tolerance;
        reg['body.variables'] = { errs, control: list.rows.length ? list.rows[0].n.control : expected.control };
        const variables = {};
        list.rows.forEach((r) => {
          const name = r.n.control.value.trim();
          if (!name) return;
          reg['body.variables.' + name] = r.n;
          variables[name] = [num(r.lo.control.value), num(r.hi.control.value)];
        });
        const out = { expected: expected.control.value.trim(), variables, samples: num(samples.control.value), case_sensitive: caseSensitive.control.checked };
        if (tolerance.control.value.trim()) out.tolerance = tolerance.control.value.trim();
        return out;
      },
    };
  }

  const TYPE_EDITORS = {
    single_choice: (b) => choicesEditor(b, false),
    multiple_choice: (b) => choicesEditor(b, true),
    numeric: numericEditor,
    text: textEditor,
    formula: formulaEditor,
  };

  /* ---------- where the question sits: subtopic, difficulty, exam level, form, tags ---------- */

  function buildMeta(subtopics) {
    const none = { value: '', label: _('(none)') };
    const subtopic = field(_('Subtopic'), select('ve-qe-subtopic', [none].concat(subtopics.filter((s) => s.value !== null)), ''), { help: _('The subtopic whose mastery this question is evidence of.'), testid: 'subtopic' });
    const difficulty = field(_('Difficulty'), select('ve-qe-difficulty', [1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) })), 3), { help: _('1 (easiest) to 5 (hardest); adaptive practice fits questions to the learner by it.'), testid: 'difficulty' });
    const exam = field(_('Exam level'), select('ve-qe-exam-level', [none, { value: 'JCE', label: 'JCE' }, { value: 'MSCE', label: 'MSCE' }], ''), { testid: 'exam-level' });
    const form = field(_('Form'), select('ve-qe-form', [none].concat([1, 2, 3, 4].map((n) => ({ value: n, label: String(n) }))), ''), { testid: 'form' });
    const tags = field(_('Tags'), textInput('ve-qe-tags', ''), { help: _('Separated by commas.'), testid: 'tags' });
    return {
      node: h('fieldset', { class: 've-fieldset ve-qe-group ve-qe-meta' }, [h('legend', { class: 've-label', text: _('Where the question belongs') }), subtopic.node, difficulty.node, exam.node, form.node, tags.node]),
      load(q) {
        subtopic.control.value = q.subtopic == null ? '' : String(q.subtopic);
        difficulty.control.value = String(q.difficulty || 3);
        exam.control.value = q.exam_level || '';
        form.control.value = q.form == null ? '' : String(q.form);
        tags.control.value = (q.tags || []).join(', ');
      },
      read(reg) {
        Object.assign(reg, { subtopic, difficulty, exam_level: exam, form, tags });
        return {
          subtopic: subtopic.control.value ? Number(subtopic.control.value) : null,
          difficulty: Number(difficulty.control.value),
          exam_level: exam.control.value,
          form: form.control.value ? Number(form.control.value) : null,
          tags: tags.control.value.split(',').map((t) => t.trim()).filter(Boolean),
        };
      },
    };
  }

  /* ---------- live preview: the maths rendered by the server, a sample answer graded, nothing recorded ---------- */

  function buildPreview(preview, current) {
    const status = h('p', { class: 've-status', role: 'status', 'aria-live': 'polite', 'data-testid': 've-qe-preview-status' });
    const shown = h('div', { class: 've-qe-preview-body', 'data-testid': 've-qe-preview' });
    const verdict = h('div', { class: 've-qe-verdict', role: 'status', 'aria-live': 'polite', 'data-testid': 've-qe-preview-result' });
    let timer = null;
    let answerOf = () => null;
    // Re-rendered as the author types: the sample answer already given is kept.
    function renderBody(type, body) {
      const before = answerOf();
      shown.textContent = '';
      shown.appendChild(h('div', { class: 've-question-text', html: body.text }));
      const group = uid();
      if (type === 'single_choice' || type === 'multiple_choice') {
        const kept = [].concat(before || []);
        const boxes = (body.choices || []).map((c) => {
          const id = uid();
          const box = h('input', { type: type === 'single_choice' ? 'radio' : 'checkbox', name: group, id, value: c.id, checked: kept.indexOf(c.id) >= 0, 'data-testid': 've-qe-sample-choice-' + c.id });
          shown.appendChild(h('div', { class: 've-check-row' }, [box, h('label', { for: id, html: c.text })]));
          return box;
        });
        answerOf = () => { const ids = boxes.filter((b) => b.checked).map((b) => b.value); return type === 'single_choice' ? (ids[0] || null) : ids; };
      } else {
        const id = uid();
        const input = h('input', { type: 'text', id, class: 've-input', 'data-testid': 've-qe-sample-answer', value: typeof before === 'string' ? before : '' });
        shown.appendChild(h('label', { for: id, class: 've-label', text: _('Sample answer') }));
        shown.appendChild(input);
        answerOf = () => input.value;
      }
    }
    async function refresh() {
      const [type, body] = current();
      if (!body.text) return;
      try {
        const data = await preview(type, body);
        renderBody(type, data.body);
        status.textContent = '';
      } catch (err) {
        status.textContent = _('The preview shows once the question is valid:') + ' ' + err.message;
      }
    }
    async function check() {
      const [type, body] = current();
      verdict.textContent = '';
      try {
        const data = await preview(type, body, answerOf());
        const r = data.result;
        if (r.error) { verdict.textContent = r.error.message; return; }
        verdict.setAttribute('data-result', r.correct ? 'correct' : 'incorrect');
        verdict.appendChild(h('p', { class: 've-label', text: (r.correct ? _('Correct!') : _('Incorrect.')) + ' ' + _('Score:') + ' ' + V.fmt(r.score) }));
        Object.keys(r.feedback_html || {}).forEach((k) => verdict.appendChild(h('div', { html: r.feedback_html[k] })));
        if (r.new_hint_html) verdict.appendChild(h('div', { class: 've-hint', html: r.new_hint_html }));
      } catch (err) {
        verdict.textContent = err.message;
      }
    }
    const node = h('section', { class: 've-qe-preview', 'aria-label': _('Preview') }, [
      h('h3', { class: 've-subhead', text: _('Preview (nothing is recorded)') }),
      smallButton(_('Show the preview'), 've-qe-preview-refresh', refresh),
      status, shown,
      smallButton(_('Check the sample answer'), 've-qe-preview-check', check),
      verdict,
    ]);
    return { node, schedule() { clearTimeout(timer); timer = setTimeout(refresh, 800); } };
  }

  window.VeQuestionEditor = { create, requestJson, TYPES, TYPE_LABELS };
})();
