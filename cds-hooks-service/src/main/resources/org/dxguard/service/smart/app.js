// dxguard's SMART app page: the session token from the page's meta tag, the context (patient, the card's
// differential explanation) from /smart/api/context, and questions to /ask. Every value is inserted with
// textContent (never as markup); no inline script or style (the page's CSP forbids both).
'use strict';
(function () {
  const token = document.querySelector('meta[name="dxguard-session"]').getAttribute('content');
  const auth = { 'Authorization': 'Bearer ' + token };
  let texts = {};
  const $ = id => document.getElementById(id);
  const set = (id, text) => { $(id).textContent = text == null ? '' : String(text); };

  function item(list, text) {
    const li = document.createElement('li');
    li.textContent = text;
    $(list).appendChild(li);
  }

  function differential(d) {
    const box = $('differential-body');
    box.textContent = '';
    if (!d) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = texts['app.differential.none'];
      box.appendChild(p);
      return;
    }
    if (d.status !== 'ready') {
      const p = document.createElement('p');
      p.className = 'status';
      p.textContent = d.reason || d.status;
      box.appendChild(p);
      return;
    }
    const e = d.explanation || {};
    if (e.summary) {
      const p = document.createElement('p');
      p.textContent = e.summary;
      box.appendChild(p);
    }
    (e.candidates || []).forEach(c => {
      const h = document.createElement('h3');
      h.textContent = c.diagnosis;
      const p = document.createElement('p');
      p.textContent = c.rationale;
      box.appendChild(h);
      box.appendChild(p);
    });
    const m = document.createElement('p');
    m.className = 'muted';
    m.textContent = d.modelId ? texts['app.model'].replace('{model}', d.modelId) : '';
    box.appendChild(m);
  }

  function show(answer) {
    $('answer').hidden = false;
    set('answer-text', answer.answer);
    $('findings').textContent = '';
    $('citations').textContent = '';
    (answer.ruleFindings || []).forEach(f => item('findings', f.ruleId + ' ('
      + (texts['answer.severity.' + f.indicator] || f.indicator) + '): ' + f.summary));
    (answer.citations || []).forEach(c => item('citations', c.id + ' ' + c.title + ' (' + c.source + ')'));
    document.body.setAttribute('data-answered', answer.decisionId);
  }

  async function poll(url) {
    const path = new URL(url).pathname + new URL(url).search;
    for (let i = 0; i < 60; i++) {
      await new Promise(r => setTimeout(r, 2000));
      const r = await fetch(path);
      if (!r.ok) return;
      const body = await r.json();
      if (body.status === 'ready' && body.answer) {
        show(body.answer);
        set('ask-status', '');
        return;
      }
      if (body.status !== 'pending') return;
    }
  }

  async function ask(ev) {
    ev.preventDefault();
    const question = $('question').value.trim();
    if (!question) return;
    set('ask-status', texts['app.ask.wait']);
    $('ask-button').disabled = true;
    try {
      const r = await fetch('/ask', {
        method: 'POST',
        headers: Object.assign({ 'Content-Type': 'application/json' }, auth),
        body: JSON.stringify({ question: question }),
      });
      if (r.status === 401) { set('ask-status', texts['app.session.ended']); return; }
      if (!r.ok) { set('ask-status', texts['app.ask.error']); return; }
      const answer = await r.json();
      show(answer);
      if (answer.lateAnswer && answer.lateAnswer.url) {
        set('ask-status', texts['app.ask.late']);
        poll(answer.lateAnswer.url);
      } else {
        set('ask-status', '');
      }
    } catch (e) {
      set('ask-status', texts['app.ask.error']);
    } finally {
      $('ask-button').disabled = false;
    }
  }

  async function start() {
    const r = await fetch('/smart/api/context', { headers: auth });
    if (!r.ok) {
      // the page's language is known before the context: the server wrote these two phrases into the page
      set('patient', r.status === 401 ? document.body.dataset.ended : document.body.dataset.failed);
      document.body.setAttribute('data-ready', 'error');
      return;
    }
    const ctx = await r.json();
    texts = ctx.texts || {};
    set('title', texts['app.title']);
    document.title = texts['app.title'];
    set('patient', texts['app.patient'] + ': ' + ctx.patientId + (ctx.fhirUser ? ' · ' + ctx.fhirUser : ''));
    set('differential-title', texts['app.differential']);
    differential(ctx.differential);
    set('ask-label', texts['app.ask.label']);
    $('question').setAttribute('placeholder', texts['app.ask.placeholder']);
    set('ask-button', texts['app.ask.button']);
    set('findings-title', texts['app.ask.findings']);
    set('citations-title', texts['app.ask.citations']);
    $('ask-form').addEventListener('submit', ask);
    document.body.setAttribute('data-ready', '1');
  }

  start();
})();
