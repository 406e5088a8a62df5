/* VE-EDU question bank page for course staff: browse and filter the bank, write and edit questions
 * with the question editor, retire them, read their versions, import (dry run first) and export.
 * Everything goes through the bank's REST API. Needs ve_common.js and ve_question_editor.js first. */
(function () {
  'use strict';
  const V = window.VeEdu;
  const QE = window.VeQuestionEditor;
  const { h, _ } = V;

  function VeBank(root, init) {
    const api = init.api + 'courses/' + init.course_id + '/';
    const body = root.querySelector('.ve-body');
    const state = { page: 1, subtopics: [] };
    const status = h('p', { class: 've-status', role: 'status', 'aria-live': 'polite', 'data-testid': 've-bank-status' });
    const panel = h('section', { class: 've-bank-panel', 'data-testid': 've-bank-panel', tabindex: '-1', hidden: true });
    const results = h('ul', { class: 've-bank-results', 'data-testid': 've-bank-results' });
    const pager = h('div', { class: 've-qe-inline ve-bank-pager' });

    /* ---------- filters ---------- */

    const filterInputs = {};
    function filterSelect(name, label, options) {
      const id = 've-bank-filter-' + name;
      const sel = h('select', { id, class: 've-input', 'data-testid': id }, [h('option', { value: '', text: _('Any') })].concat(
        options.map((o) => h('option', { value: o.value, text: o.label }))));
      filterInputs[name] = sel;
      return h('div', { class: 've-field' }, [h('label', { for: id, class: 've-label', text: label }), sel]);
    }
    function filterText(name, label, type) {
      const id = 've-bank-filter-' + name;
      const input = h('input', { id, type: type || 'text', class: 've-input', 'data-testid': id });
      filterInputs[name] = input;
      return h('div', { class: 've-field' }, [h('label', { for: id, class: 've-label', text: label }), input]);
    }
    const subtopicFilter = h('div');
    const filters = h('form', { class: 've-bank-filters', 'data-testid': 've-bank-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); state.page = 1; list(); } }, [
      filterText('search', _('Words of the question'), 'search'),
      subtopicFilter,
      filterSelect('type', _('Question type'), QE.TYPES.map((t) => ({ value: t, label: QE.TYPE_LABELS[t] }))),
      filterSelect('difficulty', _('Difficulty'), [1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))),
      filterSelect('status', _('Status'), [{ value: 'draft', label: _('Draft') }, { value: 'published', label: _('Published') }, { value: 'retired', label: _('Retired') }]),
      filterSelect('exam_level', _('Exam level'), [{ value: 'JCE', label: 'JCE' }, { value: 'MSCE', label: 'MSCE' }]),
      filterSelect('form', _('Form'), [1, 2, 3, 4].map((n) => ({ value: n, label: String(n) }))),
      filterText('tag', _('Tag')),
      h('button', { type: 'submit', class: 've-button', 'data-testid': 've-bank-filter-go', text: _('Show questions') }),
    ]);

    /* ---------- the list ---------- */

    function subtopicLabel(id) {
      const s = state.subtopics.find((o) => o.value === id);
      return s ? s.label : _('no subtopic');
    }

    async function list() {
      const params = new URLSearchParams({ page: String(state.page), page_size: '20' });
      Object.keys(filterInputs).forEach((k) => { const v = filterInputs[k].value.trim(); if (v) params.set(k, v); });
      status.textContent = _('Loading…');
      try {
        const page = await QE.requestJson('GET', api + 'questions/?' + params.toString());
        results.textContent = '';
        page.results.forEach((q) => results.appendChild(row(q)));
        if (!page.results.length) results.appendChild(h('li', { text: _('No question matches.') }));
        pager.textContent = '';
        if (page.previous) pager.appendChild(h('button', { type: 'button', class: 've-button ve-button-secondary', text: _('Previous page'), onclick: () => { state.page -= 1; list(); } }));
        if (page.next) pager.appendChild(h('button', { type: 'button', class: 've-button ve-button-secondary', text: _('Next page'), onclick: () => { state.page += 1; list(); } }));
        status.textContent = page.count + ' ' + _('questions');
      } catch (err) {
        status.textContent = err.message;
      }
    }

    function row(q) {
      const button = (text, testid, onclick) => h('button', { type: 'button', class: 've-button ve-button-secondary ve-qe-small', 'data-testid': testid + '-' + q.id, text, onclick });
      return h('li', { class: 've-bank-row', 'data-testid': 've-bank-row-' + q.id, 'data-status': q.status }, [
        h('p', { class: 've-bank-title' }, [h('strong', { text: '#' + q.id + ' ' }), q.title || _('(no text)')]),
        h('p', { class: 've-help', text: [QE.TYPE_LABELS[q.type] || q.type, q.status, _('version') + ' ' + q.version, subtopicLabel(q.subtopic),
          _('difficulty') + ' ' + q.difficulty].concat(q.exam_level ? [q.exam_level] : [], q.form ? [_('Form') + ' ' + q.form] : [], q.tags).join(' · ') }),
        h('div', { class: 've-qe-inline' }, [
          button(_('Edit'), 've-bank-edit', () => edit(q.id)),
          button(_('Versions'), 've-bank-versions', () => versions(q.id)),
          q.status === 'retired' ? null : button(_('Retire'), 've-bank-retire', () => retire(q)),
        ]),
      ]);
    }

    /* ---------- the panel: editor, versions, import ---------- */

    function openPanel(title, children) {
      panel.textContent = '';
      panel.appendChild(h('h2', { text: title }));
      children.forEach((c) => { if (c) panel.appendChild(c); });
      panel.appendChild(h('button', { type: 'button', class: 've-button ve-button-secondary', 'data-testid': 've-bank-close', text: _('Close'), onclick: closePanel }));
      panel.hidden = false;
      panel.focus();
    }
    function closePanel() { panel.hidden = true; panel.textContent = ''; filterInputs.search.focus(); }

    function editorPanel(title, question, save) {
      const editor = QE.create({
        question, subtopics: state.subtopics,
        preview: (type, b, answer) => QE.requestJson('POST', api + 'questions/drafts/preview/', answer === undefined ? { type, body: b } : { type, body: b, answer }),
      });
      const statusSel = h('select', { class: 've-input', id: 've-bank-status-select', 'data-testid': 've-bank-question-status' }, [
        h('option', { value: 'published', text: _('Published'), selected: question.status !== 'draft' }),
        h('option', { value: 'draft', text: _('Draft'), selected: question.status === 'draft' }),
      ]);
      const saved = h('p', { class: 've-status', role: 'status', 'aria-live': 'polite', 'data-testid': 've-bank-saved' });
      const submit = async (e) => {
        e.preventDefault();
        editor.clearErrors();
        const q = editor.read();
        try {
          const result = await save(Object.assign(q, { status: statusSel.value }));
          saved.textContent = _('Saved: question') + ' #' + result.id + ', ' + _('version') + ' ' + result.version + '.';
          list();
        } catch (err) {
          saved.textContent = '';
          editor.showErrors(err.fieldErrors || {}, err.message);
        }
      };
      openPanel(title, [
        question.note ? h('p', { class: 've-info', 'data-testid': 've-bank-note', text: question.note }) : null,
        h('form', { class: 've-editor-form', novalidate: true, onsubmit: submit }, [
          editor.node,
          h('div', { class: 've-field' }, [h('label', { for: 've-bank-status-select', class: 've-label', text: _('Status') }), statusSel]),
          h('button', { type: 'submit', class: 've-button', 'data-testid': 've-bank-save', text: _('Save') }),
          saved,
        ]),
      ]);
    }

    function create() {
      editorPanel(_('New question'), { status: 'published' }, (q) => QE.requestJson('POST', api + 'questions/', q));
    }

    async function edit(id) {
      try {
        const q = await QE.requestJson('GET', api + 'questions/' + id + '/');
        const note = _('Saving adds a new version, used by every block that asks this question; answers already given keep their version.') + ' ' +
          _('Learners have answered it in this many blocks:') + ' ' + q.blocks_answered;
        editorPanel(_('Edit question') + ' #' + id, Object.assign({}, q, { body: q.body_source, note }),
          (changed) => QE.requestJson('PUT', api + 'questions/' + id + '/', changed));
      } catch (err) {
        status.textContent = err.message;
      }
    }

    async function versions(id) {
      try {
        const all = await QE.requestJson('GET', api + 'questions/' + id + '/versions/');
        openPanel(_('Versions of question') + ' #' + id, [h('ol', { class: 've-bank-versions', 'data-testid': 've-bank-version-list', reversed: true },
          all.map((v) => h('li', { 'data-testid': 've-bank-version-' + v.number }, [
            h('p', { class: 've-label', text: _('Version') + ' ' + v.number + ' · ' + new Date(v.created).toLocaleString() + (v.author ? ' · ' + v.author : '') }),
            h('div', { class: 've-question-text', html: v.body.text }),
          ])))]);
      } catch (err) {
        status.textContent = err.message;
      }
    }

    async function retire(q) {
      if (!window.confirm(_('Retire this question? Blocks asking it will tell learners it is no longer in use.') + ' #' + q.id)) return;
      try {
        await QE.requestJson('POST', api + 'questions/' + q.id + '/retire/', {});
        status.textContent = _('Retired:') + ' #' + q.id;
        list();
      } catch (err) {
        status.textContent = err.message;
      }
    }

    // Import: a dry run first; its report is shown, and only "Apply" writes.
    function importPanel() {
      const file = h('input', { type: 'file', id: 've-bank-import-file', class: 've-input', accept: '.json,.csv,.xml,.tar.gz,.zip', 'data-testid': 've-bank-import-file' });
      const report = h('div', { class: 've-bank-report', 'data-testid': 've-bank-import-report', role: 'status', 'aria-live': 'polite' });
      const apply = h('button', { type: 'button', class: 've-button', 'data-testid': 've-bank-import-apply', text: _('Apply the import'), hidden: true });
      async function send(dryRun) {
        if (!file.files.length) { report.textContent = _('Choose a file first.'); return null; }
        const data = new FormData();
        data.append('file', file.files[0]);
        const resp = await fetch(api + 'questions/import/' + (dryRun ? '?dry_run=true' : ''), {
          method: 'POST', credentials: 'same-origin', body: data, headers: { 'X-CSRFToken': V.csrfToken(), Accept: 'application/json' },
        });
        const out = await resp.json().catch(() => null);
        report.textContent = '';
        if (!resp.ok) {
          report.appendChild(h('p', { class: 've-warning', text: (out && out.detail) || _('The import failed.') }));
          Object.keys((out && out.field_errors) || {}).forEach((k) => report.appendChild(h('p', { text: k + ': ' + out.field_errors[k].join(' ') })));
          return null;
        }
        const c = out.counts || {};
        report.appendChild(h('p', { 'data-testid': 've-bank-import-counts', text: (dryRun ? _('Dry run, nothing written:') : _('Imported:')) + ' ' +
          [_('new') + ' ' + (c.created || 0), _('changed') + ' ' + (c.updated || 0), _('unchanged') + ' ' + (c.unchanged || 0), _('skipped') + ' ' + (c.skipped || 0)].join(', ') }));
        const items = h('ul', {});
        ['created', 'updated', 'skipped'].forEach((k) => (out[k] || []).forEach((item) => items.appendChild(h('li', { text: k + ': ' + (item.external_id || item.location) + ' ' + (item.title || '') + (item.reason ? ' (' + item.reason + ')' : '') }))));
        report.appendChild(items);
        return out;
      }
      const check = h('button', { type: 'button', class: 've-button', 'data-testid': 've-bank-import-check', text: _('Check the file (dry run)'),
        onclick: async () => { apply.hidden = true; const r = await send(true); apply.hidden = !r; if (r) apply.focus(); } });
      apply.addEventListener('click', async () => { apply.hidden = true; if (await send(false)) list(); });
      file.addEventListener('change', () => { apply.hidden = true; report.textContent = ''; });
      openPanel(_('Import questions'), [
        h('p', { class: 've-help', text: _('A JSON export, a CSV file or an OLX course export. Nothing is written until you apply the checked file.') }),
        h('label', { for: 've-bank-import-file', class: 've-label', text: _('File') }), file,
        h('div', { class: 've-qe-inline' }, [check, apply]), report,
      ]);
    }

    /* ---------- start ---------- */

    body.textContent = '';
    body.appendChild(h('div', { class: 've-qe-inline ve-bank-toolbar' }, [
      h('button', { type: 'button', class: 've-button', 'data-testid': 've-bank-new', text: _('New question'), onclick: create }),
      h('button', { type: 'button', class: 've-button ve-button-secondary', 'data-testid': 've-bank-import', text: _('Import'), onclick: importPanel }),
      h('a', { class: 've-button ve-button-secondary', href: api + 'questions/export/', download: '', 'data-testid': 've-bank-export', text: _('Export the bank (JSON)') }),
    ]));
    body.appendChild(panel);
    body.appendChild(filters);
    body.appendChild(status);
    body.appendChild(results);
    body.appendChild(pager);

    QE.requestJson('GET', api + 'outline/').then((outline) => {
      (outline.topics || []).filter((t) => !t.archived).forEach((t) => (t.subtopics || []).filter((s) => !s.archived).forEach((s) => {
        state.subtopics.push({ value: s.id, label: t.title + ' / ' + s.title });
      }));
    }).catch(() => null).then(() => {
      subtopicFilter.appendChild(h('div', { class: 've-field' }, [h('label', { for: 've-bank-filter-subtopic', class: 've-label', text: _('Subtopic') })]));
      const sel = h('select', { id: 've-bank-filter-subtopic', class: 've-input', 'data-testid': 've-bank-filter-subtopic' },
        [h('option', { value: '', text: _('Any') })].concat(state.subtopics.map((o) => h('option', { value: o.value, text: o.label }))));
      filterInputs.subtopic = sel;
      subtopicFilter.firstChild.appendChild(sel);
      root.setAttribute('data-ready', 'true');
      list();
    });
  }

  window.VeBank = VeBank;
  document.querySelectorAll('.ve-bank[data-init]').forEach((el) => VeBank(el, JSON.parse(el.getAttribute('data-init'))));
})();
