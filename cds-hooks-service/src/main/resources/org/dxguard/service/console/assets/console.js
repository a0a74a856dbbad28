// dxguard console. Every value from the API is inserted with textContent or as an attribute of an element built
// here: never as HTML. Model output and guideline text are attacker-controllable.
'use strict';
(function () {
  const API = 'api/';

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'class') e.className = v;
      else if (k === 'href') { const u = safeHref(v); if (u) e.setAttribute('href', u); }
      else e.setAttribute(k, String(v));
    }
    for (const c of children) append(e, c);
    return e;
  }

  function append(parent, c) {
    if (c === null || c === undefined) return;
    if (Array.isArray(c)) { c.forEach(x => append(parent, x)); return; }
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }

  // Links: this console's own relative pages, or http(s) citations; anything else (javascript:, data:) is dropped.
  function safeHref(u) {
    const s = String(u);
    if (/^https?:\/\//i.test(s)) return s;
    if (/^(decision\?seq=\d+|\.\/(\?[\w=&%.\-+]*)?)$/.test(s)) return s;
    return null;
  }

  function td(value, cls) { return el('td', { class: cls, text: value === null || value === undefined ? '' : value }); }
  function tdNode(...nodes) { return el('td', {}, ...nodes); }
  function row(...cells) { return el('tr', {}, ...cells); }
  function fill(tbodySel, rows) { const tb = document.querySelector(tbodySel); tb.replaceChildren(...rows); }
  function facts(dlSel, pairs) {
    const dl = document.querySelector(dlSel);
    dl.replaceChildren();
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(el('dt', { text: k }), v instanceof Node ? el('dd', {}, v) : el('dd', { text: v }));
    }
  }
  function list(items) { return el('ul', { class: 'plain' }, (items || []).map(i => el('li', { text: i }))); }
  function pct(x) { return x === null || x === undefined ? 'n/a' : (Math.round(x * 1000) / 10) + ' %'; }
  function time(iso) { return iso ? String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''; }

  function showError(msg) {
    const p = document.getElementById('error');
    if (p) { p.textContent = msg; p.hidden = false; }
  }

  async function getJson(path) {
    const r = await fetch(API + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) { window.location.assign('login'); throw new Error('not logged in'); }
    const body = await r.json();
    if (!r.ok) throw new Error((body && body.error) ? body.error.code + ': ' + body.error.message : 'HTTP ' + r.status);
    return body;
  }

  function markNav(page) {
    document.querySelectorAll('[data-nav]').forEach(a => {
      if (a.dataset.nav === page || (page === 'decision' && a.dataset.nav === 'decisions')) a.classList.add('current');
    });
  }

  // ---- decisions list
  async function decisions() {
    const q = new URLSearchParams(window.location.search);
    const service = q.get('service') || '';
    const rule = q.get('rule') || '';
    const size = parseInt(q.get('size') || '25', 10) || 25;
    const page = Math.max(0, parseInt(q.get('page') || '0', 10) || 0);
    document.getElementById('filter-rule').value = rule;
    const sizeSel = document.getElementById('filter-size');
    if ([...sizeSel.options].some(o => o.value === String(size))) sizeSel.value = String(size);
    const params = new URLSearchParams({ page: String(page), size: String(size) });
    if (service) params.set('service', service);
    if (rule) params.set('rule', rule);
    const d = await getJson('decisions?' + params.toString());
    const sel = document.getElementById('filter-service');
    for (const s of d.services) sel.append(el('option', { value: s, text: s }));
    sel.value = service;
    document.getElementById('count').textContent = d.total + ' decision record' + (d.total === 1 ? '' : 's')
      + (service || rule ? ' matching the filter' : '');
    fill('#decisions tbody', d.items.map(it => el('tr', { 'data-seq': it.seq, 'data-hook-instance': it.hookInstance || '' },
      td(time(it.receivedAt)), td(it.serviceId),
      tdNode(el('a', { href: 'decision?seq=' + Number(it.seq), class: 'mono', text: it.hookInstance || '(none) #' + it.seq })),
      td(it.status, 'num'), td(it.cards, 'num'), td(it.vetoes, 'num' + (it.vetoes ? ' vetoed' : '')),
      tdNode(list(it.rules)), tdNode(list(it.cardSummaries)))));
    const pages = Math.max(1, Math.ceil(d.total / size));
    document.getElementById('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
    const link = (id, p, show) => {
      const a = document.getElementById(id);
      a.hidden = !show;
      if (show) {
        const n = new URLSearchParams(params); n.set('page', String(p));
        a.setAttribute('href', './?' + n.toString());
      }
    };
    link('prev', page - 1, page > 0);
    link('next', page + 1, page + 1 < pages);
  }

  // ---- one decision
  async function decision() {
    const seq = parseInt(new URLSearchParams(window.location.search).get('seq'), 10);
    if (!Number.isFinite(seq)) throw new Error('no record number (seq) in the address');
    const d = await getJson('decisions/' + seq);
    const r = d.record;
    document.getElementById('seq').textContent = '#' + r.seq;
    facts('#overview', [['Received', time(r.receivedAt)], ['Service', r.serviceId], ['Hook', r.hook],
      ['Hook instance', r.hookInstance], ['Caller (iss)', r.issuer], ['HTTP status', String(r.status)],
      ['Took', (r.elapsedMicros / 1000).toFixed(1) + ' ms'], ['Rule set', r.rulesetVersion], ['Error', r.error],
      ['Request SHA-256', r.inputSha256], ['Record hash', r.hash]]);

    const cards = document.getElementById('cards');
    cards.replaceChildren();
    if (!d.cards.length) cards.append(el('p', { class: 'muted', text: 'No card was returned.' }));
    for (const c of d.cards) {
      const why = el('div', { class: 'why' });
      if (c.ruleId) {
        why.append(el('p', {}, 'Shown because rule ', el('code', { class: 'rule-id', text: c.ruleId }), ' fired',
          c.rule ? [' — ', el('span', { text: c.rule.title }), ' (', c.rule.citationUrl
            ? el('a', { href: c.rule.citationUrl, rel: 'noopener noreferrer', text: c.rule.citation })
            : el('span', { text: c.rule.citation }), ')'] : ' (rule no longer loaded)', '.'));
        for (const f of c.fired) {
          why.append(el('div', { class: 'firing' }, el('span', { class: 'muted', text: 'version ' + f.ruleVersion + ', on facts:' }),
            list(f.facts)));
        }
      } else {
        why.append(el('p', { class: 'muted', text: (r.candidates && r.candidates.length
          ? 'Made from the ranked differential below (' : 'Not made by a guideline rule (') + c.card.source + ').' }));
      }
      cards.append(el('div', { class: 'card ' + (c.card.indicator || ''), 'data-card-uuid': c.card.uuid },
        el('div', { class: 'summary', text: c.card.summary }),
        el('div', { class: 'muted', text: c.card.indicator + ' · source: ' + c.card.source }), why));
    }

    const firedRows = (r.rulesFired || []).map(f => row(tdNode(el('code', { text: f.ruleId })),
      td(f.ruleVersion), tdNode(list(f.facts))));
    fill('#rules-fired tbody', firedRows.length ? firedRows : [row(el('td', { colspan: 3, class: 'muted', text: 'No guideline rule fired.' }))]);

    const cands = r.candidates || [];
    document.getElementById('differential').hidden = cands.length === 0;
    const ev = items => list((items || []).map(e => e.label + ' [' + e.id + '] weight ' + (Math.round(e.weight * 100) / 100)));
    fill('#candidates tbody', cands.map((c, i) => el('tr', { class: 'candidate' }, td(i + 1, 'num'),
      tdNode(el('strong', { text: c.name }), el('div', { class: 'muted mono', text: c.disease.system + ' ' + c.disease.code })),
      td(pct(c.score), 'num'), td(c.severity + (c.severity <= 2 ? ' (severe)' : ''), 'num'),
      tdNode(ev(c.supporting)), tdNode(ev(c.missing)))));

    const hasModel = r.modelId || r.rawOutput || (r.claims && r.claims.length);
    document.getElementById('model').hidden = !hasModel;
    facts('#model-facts', [['Model', r.modelId], ['Prompt version', r.promptVersion], ['Outcome (reason key and precise reason; may quote the model)', r.explanation],
      ['Veto rules', r.vetoRulesVersion]]);
    document.getElementById('raw-output').textContent = r.rawOutput || '(none)';
    const vetoed = new Set((r.vetoes || []).map(v => v.claimId));
    fill('#claims tbody', (r.claims || []).map(c => row(td(c.id, 'mono'), td(c.kind), td(c.field, 'mono'), td(c.subject),
      td(c.negated ? 'not ' + (c.action || '') : c.action), td(c.span),
      td(vetoed.has(c.id) ? 'vetoed' : 'allowed', vetoed.has(c.id) ? 'vetoed' : ''))));
    fill('#vetoes tbody', (r.vetoes || []).map(v => row(td(v.claimId, 'mono'), tdNode(el('code', { text: v.ruleId })),
      td(v.ruleVersion), td(v.guidelineId), td(v.severity), td(v.reason),
      tdNode(v.citationUrl ? el('a', { href: v.citationUrl, rel: 'noopener noreferrer', text: v.citation }) : el('span', { text: v.citation })))));
  }

  // ---- veto report
  async function safety() {
    let s = await getJson('safety');
    // 202 while the suites run in the background: poll (for at most 10 minutes)
    for (let i = 0; s.status === 'running' && i < 300; i++) {
      document.getElementById('loading').textContent = 'Running the safety suites on rule set ' + s.rulesetVersion
        + ' (started ' + time(s.startedAt) + ')…';
      await new Promise(resolve => setTimeout(resolve, 2000));
      s = await getJson('safety');
    }
    if (s.status === 'running') throw new Error('the safety suites are still running; reload the page later');
    document.getElementById('loading').hidden = true;
    facts('#safety-summary', [
      ['Verdict', el('span', { class: s.passed ? 'pass' : 'fail', text: s.passed ? 'PASS' : 'FAIL' })],
      ['Suites', s.source], ['Cases (with mutations)', String(s.cases)],
      ['Veto recall', pct(s.vetoRecall) + ' (' + s.caughtVetoes + ' of ' + s.expectedVetoes + ' expected vetoes)'],
      ['False-veto rate', pct(s.falseVetoRate) + ' (' + s.falselyVetoed + ' of ' + s.safeCases + ' safe cases; at most ' + pct(s.maxFalseVetoRate) + ')'],
      ['Vetoed claims still shown', String(s.shownViolations)], ['Rule set', s.rulesetVersion],
      ['Veto rules', s.vetoRulesVersion], ['Models', (s.models || []).join(', ')],
      ['Ran at', time(s.ranAt) + ' (' + s.tookMillis + ' ms)']]);
    fill('#confusion tbody', s.confusion.map(c => row(tdNode(el('code', { text: c.ruleId })), td(c.tp, 'num'),
      td(c.fn, 'num' + (c.fn ? ' fail' : '')), td(c.fp, 'num' + (c.fp ? ' fail' : '')), td(c.tn, 'num'))));
    fill('#misses tbody', s.misses.length ? s.misses.map(m => row(td(m.id, 'mono'), td(m.file), td(m.expected),
      td((m.vetoedBy || []).join(', ')), td((m.missed || []).join(', ')), td((m.unexpected || []).join(', ')),
      td(m.shownViolations, 'num'), td(m.error))) : [row(el('td', { colspan: 8, class: 'muted', text: 'None.' }))]);
  }

  // ---- overrides
  async function overrides() {
    const o = await getJson('overrides');
    facts('#override-summary', [['Decision records', String(o.decisions)],
      ['By HTTP status', Object.entries(o.statuses).map(([k, v]) => k + ': ' + v).join(', ')]]);
    fill('#overrides tbody', o.rules.map(r => el('tr', { 'data-rule': r.ruleId }, tdNode(el('code', { text: r.ruleId })),
      td(r.cards, 'num'), td(r.accepted, 'num'), td(r.overridden, 'num'), td(pct(r.overrideRate), 'num'), td(r.vetoes, 'num'))));
  }

  // ---- guidelines
  async function guidelines() {
    const g = await getJson('guidelines');
    facts('#ruleset', [['Rule set in force', g.rulesetVersion], ['Packages', String(g.packages.length)]]);
    if (g.lastReloadError) {
      const p = document.getElementById('reload-error');
      p.textContent = 'Last reload rejected (the rule set above keeps serving): ' + g.lastReloadError;
      p.hidden = false;
    }
    const box = document.getElementById('packages');
    box.replaceChildren(...g.packages.map(p => {
      const s = p.status;
      const ok = s.scenariosFailed === 0;
      return el('section', { class: 'package', 'data-package': s.id },
        el('h2', {}, el('span', { class: 'package-id', text: s.id }), ' ', el('span', { class: 'muted', text: 'version ' + s.version })),
        el('p', { text: s.title }),
        el('p', {}, 'Review status: ', el('strong', { text: s.reviewStatus }), ' · ', String(s.rules), ' rules · scenarios: ',
          el('span', { class: ok ? 'pass scenarios' : 'fail scenarios', text: s.scenariosPassed + ' passed, ' + s.scenariosFailed + ' failed' })),
        s.failedScenarios.length ? el('div', {}, el('p', { class: 'fail', text: 'Failed scenarios:' }), list(s.failedScenarios)) : null,
        el('details', {}, el('summary', { text: 'Rules' }),
          el('table', { class: 'grid' }, el('thead', {}, row(...['Rule', 'Version', 'Title', 'Citation', 'Needs clinical review', 'File'].map(h => el('th', { text: h })))),
            el('tbody', {}, p.rules.map(r => row(tdNode(el('code', { text: r.ruleId })), td(r.version), td(r.title),
              tdNode(r.citationUrl ? el('a', { href: r.citationUrl, rel: 'noopener noreferrer', text: r.citation }) : el('span', { text: r.citation })),
              td(r.needsClinicalReview ? 'yes' : 'no'), td(r.file + ':' + r.line, 'mono')))))));
    }));
  }

  const pages = { decisions, decision, safety, overrides, guidelines };

  document.addEventListener('DOMContentLoaded', () => {
    const page = document.body.dataset.page;
    if (page === 'login') {
      if (new URLSearchParams(window.location.search).has('failed')) document.getElementById('failed').hidden = false;
      return;
    }
    markNav(page);
    const run = pages[page];
    if (run) {
      run().then(() => document.body.setAttribute('data-loaded', 'true'))
        .catch(e => { showError(e.message); document.body.setAttribute('data-loaded', 'error'); });
    }
  });
})();
