/* Studio editor for the VE-EDU blocks: a form built from initArgs.fields that posts
 * {values: {...}} to the save_settings handler. Needs ve_common.js (window.VeEdu) loaded first. */
function VeStudioEditor(runtime, element, initArgs) {
  'use strict';
  const V = window.VeEdu;
  const { h, _ } = V;
  const el = V.rootOf(element);
  const root = el.querySelector('.ve-block') || el;
  const fields = (initArgs && initArgs.fields) || [];
  const controls = {}; // name -> {field, read(), errors: <ul>, focusable}
  let saving = false;

  const formError = h('div', { class: 've-editor-error', 'data-testid': 've-editor-error', role: 'alert' });
  const statusEl = h('p', { class: 've-status', 'data-testid': 've-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'list-input settings-list ve-editor-fields' });

  function optionIsSelected(opt, value) {
    return Array.isArray(value) ? value.map(String).indexOf(String(opt.value)) >= 0 : String(opt.value) === String(value);
  }

  // One control per field type. read() returns [value, clientErrorOrNull].
  function buildControl(f, id, described) {
    const common = { id, name: f.name, 'data-testid': 've-field-' + f.name, 'aria-describedby': described };
    const value = f.value === null || f.value === undefined ? '' : f.value;
    const opts = f.options || [];
    switch (f.type) {
      case 'number': {
        const input = h('input', Object.assign({ type: 'number', class: 've-input setting-input', step: 'any', value, min: f.min, max: f.max }, common));
        return { node: input, focusable: input, read() {
          const raw = input.value.trim();
          if (raw === '') return [null, null];
          const n = Number(raw);
          if (!isFinite(n)) return [null, _('Enter a number.')];
          if (f.min !== undefined && f.min !== null && n < f.min) return [n, _('The smallest allowed value is') + ' ' + f.min + '.'];
          if (f.max !== undefined && f.max !== null && n > f.max) return [n, _('The largest allowed value is') + ' ' + f.max + '.'];
          return [n, null];
        } };
      }
      case 'textarea': {
        const ta = h('textarea', Object.assign({ class: 've-input ve-textarea setting-input', rows: 6 }, common));
        ta.value = String(value);
        return { node: ta, focusable: ta, read: () => [ta.value, null] };
      }
      case 'select': {
        const sel = h('select', Object.assign({ class: 've-input setting-input' }, common),
          opts.map((o, i) => h('option', { value: i, selected: optionIsSelected(o, value), text: o.label })));
        // Option values may be numbers or null; map back by index to keep their type.
        return { node: sel, focusable: sel, read: () => [sel.selectedIndex >= 0 ? opts[sel.selectedIndex].value : null, null] };
      }
      case 'multiselect': {
        // Checkboxes rather than <select multiple>: no Ctrl-click needed, works on touch screens.
        const boxes = opts.map((o, i) => {
          const bid = id + '-' + i;
          const box = h('input', { type: 'checkbox', id: bid, class: 've-check', checked: optionIsSelected(o, value || []), 'data-testid': 've-field-' + f.name + '-' + o.value });
          return { o, box, row: h('div', { class: 've-check-row' }, [box, h('label', { for: bid, text: o.label })]) };
        });
        const fs = h('fieldset', { class: 've-fieldset', id, 'data-testid': 've-field-' + f.name, 'aria-describedby': described },
          [h('legend', { class: 'label setting-label ve-label', text: f.label || f.name })].concat(boxes.map((b) => b.row)));
        return { node: fs, focusable: boxes.length ? boxes[0].box : fs, hasOwnLabel: true,
          read: () => [boxes.filter((b) => b.box.checked).map((b) => b.o.value), null] };
      }
      case 'checkbox': {
        const box = h('input', Object.assign({ type: 'checkbox', class: 've-check', checked: !!f.value }, common));
        const row = h('div', { class: 've-check-row' }, [box, h('label', { for: id, class: 've-label', text: f.label || f.name })]);
        return { node: row, focusable: box, hasOwnLabel: true, read: () => [box.checked, null] };
      }
      case 'question_editor': return questionEditorControl(f);
      case 'question_search': return questionSearchControl(f, id);
      default: {
        const input = h('input', Object.assign({ type: 'text', class: 've-input setting-input', value }, common));
        return { node: input, focusable: input, read: () => [input.value, null] };
      }
    }
  }

  // A field may warn about a risky value: {warning: {when: value, text}} shows `text` while it is chosen.
  function watchWarning(f, c, node) {
    const w = f.warning;
    if (!w) return null;
    const el = h('p', { class: 've-warning', role: 'status', 'data-testid': 've-warning-' + f.name, hidden: true, text: w.text });
    const check = () => { el.hidden = c.read()[0] !== w.when; };
    node.addEventListener('change', check);
    node.addEventListener('input', check);
    check();
    return el;
  }

  // The question editor (ve_question_editor.js): per-type fields instead of JSON, with a live preview.
  function questionEditorControl(f) {
    const QE = window.VeQuestionEditor;
    const api = f.api;
    let loadedId = f.value ? f.value.question_id : null;
    const editor = QE.create({
      question: f.value || {},
      subtopics: (f.subtopics || []).filter((o) => o.value !== null),
      preview: (type, body, answer) => QE.requestJson('POST', api + 'questions/drafts/preview/', answer === undefined ? { type, body } : { type, body, answer }),
    });
    const note = h('p', { class: 've-info', 'data-testid': 've-question-note', hidden: !f.note, text: f.note || '' });
    const node = h('fieldset', { class: 've-fieldset', 'data-testid': 've-field-' + f.name }, [
      h('legend', { class: 'label setting-label ve-label', text: f.label }), note, editor.node]);
    return {
      node, focusable: editor.node.querySelector('select, input, textarea'), hasOwnLabel: true, editor,
      read: () => [editor.isEmpty() && !loadedId ? null : Object.assign({ question_id: loadedId }, editor.read()), null],
      showPathErrors: (errors) => editor.showErrors(errors),
      clearPathErrors: () => editor.clearErrors(),
      // A bank question chosen with the search: the editor now edits it (saving adds a version).
      load(question, noteText) {
        loadedId = question.id;
        editor.load(Object.assign({}, question, { body: question.body_source || question.body }));
        note.textContent = noteText; note.hidden = !noteText;
      },
    };
  }

  // Choosing a question is a search in the bank (text, subtopic) through the staff list REST API.
  function questionSearchControl(f, id) {
    const QE = window.VeQuestionEditor;
    const input = h('input', { type: 'search', id, class: 've-input setting-input', 'data-testid': 've-question-search', placeholder: _('Words of the question') });
    const subtopic = h('select', { class: 've-input', 'data-testid': 've-question-search-subtopic', 'aria-label': _('Subtopic') },
      [h('option', { value: '', text: _('Any subtopic') })].concat((f.subtopics || []).filter((o) => o.value !== null).map((o) => h('option', { value: o.value, text: o.label }))));
    const results = h('ul', { class: 've-search-results', 'data-testid': 've-question-search-results', 'aria-live': 'polite' });
    async function pick(row) {
      const question = await QE.requestJson('GET', f.api + 'questions/' + row.id + '/');
      if (controls.question_id) controls.question_id.focusable.value = String(row.id);
      if (controls.question_ref) controls.question_ref.focusable.value = '';
      if (controls.inline_question) {
        controls.inline_question.load(question, _('Bank question') + ' ' + row.id + ': ' + _('saving changes here adds a new version to the bank, used by every block that asks it.') + ' ' +
          _('Learners have answered it in this many blocks:') + ' ' + question.blocks_answered);
      }
      results.textContent = '';
      results.appendChild(h('li', { role: 'status', 'data-testid': 've-question-picked', text: _('Chosen:') + ' #' + row.id + ' ' + row.title }));
    }
    async function search(e) {
      if (e) e.preventDefault();
      const params = new URLSearchParams({ page_size: '10' });
      if (input.value.trim()) params.set('search', input.value.trim());
      if (subtopic.value) params.set('subtopic', subtopic.value);
      results.textContent = '';
      try {
        const page = await QE.requestJson('GET', f.api + 'questions/?' + params.toString());
        if (!page.results.length) results.appendChild(h('li', { text: _('No question matches.') }));
        page.results.forEach((row) => results.appendChild(h('li', {}, [h('button', {
          type: 'button', class: 've-button ve-button-secondary ve-search-result', 'data-testid': 've-question-result-' + row.id,
          text: '#' + row.id + ' · ' + row.type.replace('_', ' ') + ' · ' + row.title + (row.status !== 'published' ? ' (' + row.status + ')' : ''),
          onclick: () => pick(row).catch((err) => { results.textContent = err.message; }),
        })])));
      } catch (err) {
        results.appendChild(h('li', { class: 've-warning', text: err.message }));
      }
    }
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') search(e); });
    const go = h('button', { type: 'button', class: 've-button ve-button-secondary', 'data-testid': 've-question-search-go', text: _('Search'), onclick: search });
    return { node: h('div', { class: 've-search' }, [h('div', { class: 've-qe-inline' }, [input, subtopic, go]), results]), focusable: input, read: () => [undefined, null], notSent: true };
  }

  // The JSON fields of the question written here, folded away behind the editor.
  let advanced = null;
  function advancedList() {
    if (!advanced) {
      const inner = h('ul', { class: 've-editor-fields' });
      advanced = h('details', { class: 've-advanced', 'data-testid': 've-advanced' }, [
        h('summary', { text: _('Advanced: the question as JSON (instead of the editor above)') }), inner]);
      advanced.inner = inner;
      list.appendChild(h('li', { class: 've-field' }, [advanced]));
    }
    return advanced.inner;
  }

  fields.forEach((f) => {
    if (f.type === 'link') {
      list.appendChild(h('li', { class: 've-field' }, [h('a', { href: f.href, target: '_blank', rel: 'noopener', 'data-testid': 've-link-' + f.name, text: f.text })]));
      return;
    }
    if (f.type === 'info' || f.type === 'warning') {
      // Not a setting: what the editor knows about the block (e.g. the question in use, or that it is missing).
      list.appendChild(h('li', { class: 've-field' }, [
        h('p', { class: 've-' + f.type, role: f.type === 'warning' ? 'alert' : null, 'data-testid': 've-' + f.type + '-' + f.name, text: f.text }),
      ]));
      return;
    }
    const id = V.nextId();
    const helpId = id + '-help';
    const errId = id + '-err';
    const c = buildControl(f, id, (f.help ? helpId + ' ' : '') + errId);
    const errors = h('ul', { class: 've-field-errors', id: errId, 'data-testid': 've-field-error-' + f.name });
    (f.advanced ? advancedList() : list).appendChild(h('li', { class: 'field comp-setting-entry ve-field', 'data-field-name': f.name }, [
      c.hasOwnLabel ? null : h('label', { for: id, class: 'label setting-label ve-label', text: f.label || f.name }),
      c.node,
      f.help ? h('p', { class: 'tip setting-help ve-help', id: helpId, text: f.help }) : null,
      watchWarning(f, c, c.node),
      errors,
    ]));
    controls[f.name] = Object.assign({ field: f, errors }, c);
  });

  function setFieldErrors(name, messages) {
    const c = controls[name];
    c.errors.textContent = '';
    (messages || []).forEach((m) => c.errors.appendChild(h('li', { text: m })));
    const target = c.field.type === 'multiselect' ? c.node : c.focusable;
    if (messages && messages.length) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  }

  function clearErrors() {
    formError.textContent = '';
    Object.keys(controls).forEach((n) => { setFieldErrors(n, []); if (controls[n].clearPathErrors) controls[n].clearPathErrors(); });
  }

  // Returns the first field with an error, so focus can go there.
  function showErrors(message, fieldErrors) {
    let first = null;
    const unknown = [];
    const byControl = {};
    Object.keys(fieldErrors || {}).forEach((name) => {
      const dot = name.indexOf('.');
      const owner = dot > 0 ? controls[name.slice(0, dot)] : null;
      if (owner && owner.showPathErrors) {
        byControl[name.slice(0, dot)] = Object.assign(byControl[name.slice(0, dot)] || {}, { [name.slice(dot + 1)]: fieldErrors[name] });
      }
    });
    Object.keys(byControl).forEach((name) => {
      const focused = controls[name].showPathErrors(byControl[name]);
      if (!first) first = { focusable: focused || controls[name].focusable };
    });
    Object.keys(fieldErrors || {}).forEach((name) => {
      const msgs = [].concat(fieldErrors[name]);
      if (byControl[name.split('.')[0]] && name.indexOf('.') > 0) return;
      if (controls[name]) {
        setFieldErrors(name, msgs);
        if (!first) first = controls[name];
      } else {
        unknown.push(msgs.join(' ')); // e.g. "__all__" or a field this form does not show
      }
    });
    formError.textContent = [message].concat(unknown).filter(Boolean).join(' ');
    if (first) first.focusable.focus();
  }

  async function save(e) {
    if (e) e.preventDefault();
    if (saving) return;
    clearErrors();
    const values = {};
    const clientErrors = {};
    const jsonOpen = advanced && advanced.open;
    Object.keys(controls).forEach((name) => {
      const c = controls[name];
      // Either the editor or, when unfolded, the advanced JSON fields write the question; never both.
      if (c.notSent || (c.field.advanced && !jsonOpen) || (c.editor && jsonOpen)) return;
      const [v, err] = c.read();
      values[name] = v;
      if (err) clientErrors[name] = [err];
    });
    if (Object.keys(clientErrors).length) {
      showErrors(_('Please correct the fields marked below.'), clientErrors);
      return;
    }
    saving = true;
    saveBtn.setAttribute('aria-disabled', 'true');
    statusEl.textContent = _('Saving\u2026');
    try {
      await V.postJson(runtime.handlerUrl(element, 'save_settings'), { values });
      statusEl.textContent = _('Saved');
      // Only after the server accepted the values: 'end' makes Studio close the editor and refresh.
      if (runtime.notify) {
        runtime.notify('save', { state: 'start' });
        runtime.notify('save', { state: 'end' });
      }
    } catch (err) {
      statusEl.textContent = '';
      const detail = err.data && typeof err.data.error === 'object' ? err.data.error : null;
      if (!err.status) showErrors(_('Could not reach Studio. Check your connection and save again.'));
      else showErrors(err.message, detail && detail.field_errors);
    } finally {
      saving = false;
      saveBtn.removeAttribute('aria-disabled');
    }
  }

  const saveBtn = h('button', { type: 'submit', class: 'button action-primary save-button ve-button', 'data-testid': 've-save', text: _('Save') });
  const cancelBtn = h('button', {
    type: 'button', class: 'button action-cancel cancel-button ve-button ve-button-secondary', 'data-testid': 've-cancel', text: _('Cancel'),
    onclick(e) { e.preventDefault(); if (runtime.notify) runtime.notify('cancel', {}); },
  });
  const form = h('form', { class: 've-editor-form', novalidate: true, onsubmit: save }, [
    h('div', { class: 'wrapper-comp-settings is-active ve-editor-settings' }, [formError, list]),
    h('div', { class: 'xblock-actions ve-editor-actions' }, [
      statusEl,
      h('ul', {}, [
        h('li', { class: 'action-item' }, [saveBtn]),
        h('li', { class: 'action-item' }, [cancelBtn]),
      ]),
    ]),
  ]);

  const mount = root.querySelector('.ve-body') || root;
  mount.textContent = '';
  mount.appendChild(form);
}
