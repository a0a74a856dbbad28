// Drives dxguard's SMART app in headless Debian Chromium through playwright-core (no bundled browser): the EHR
// launch (mock EHR -> /smart/launch -> authorize -> /smart/callback -> the app), the card's differential, and a
// question through the Ask box. Input (environment): START_URL (the mock EHR's launch URL), SCREENSHOT_DIR, CHROMIUM,
// EXPECT = {"patientId", "question", "answerContains": [...], "differential": bool}.
// Output: one JSON line {"ok", "checks": [{"name", "ok", "detail"}], "screenshots": [...], "ms"}; exit 0 when every
// check passed, 1 otherwise, 2 when the browser could not be driven.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const shots = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'smart-screenshots');
const expect = JSON.parse(process.env.EXPECT || '{}');
const checks = [];
const screenshots = [];
const problems = [];

function check(name, ok, detail) {
  checks.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail).slice(0, 500) });
}

async function shot(page, name) {
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(file);
}

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dxguard-smart-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', m => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', e => problems.push(String(e)));

    // the EHR launches the app; the browser follows the redirects of the authorization code flow
    await page.goto(process.env.START_URL, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready]', { timeout: 60000 });
    check('the launch ends on the app page', new URL(page.url()).pathname === '/smart/callback', page.url());
    check('the app page loaded its context', await page.getAttribute('body', 'data-ready') === '1');
    const patient = await page.textContent('#patient');
    check('the app shows the patient of the token response', patient.includes(expect.patientId), patient);
    check('the app shows the practitioner (fhirUser of the id_token)', patient.includes('Practitioner/'), patient);
    check('the session token is not in the URL', !page.url().includes('dxgs_'), page.url());
    const diff = await page.textContent('#differential-body');
    if (expect.differential) {
      check('the card\'s differential explanation is shown', (await page.$$('#differential-body h3')).length > 0, diff);
    }
    await shot(page, '01-app-launched');

    // a question through the Ask box
    await page.fill('#question', expect.question);
    await page.click('#ask-button');
    await page.waitForSelector('body[data-answered]', { timeout: 120000 });
    const answer = await page.textContent('#answer-text');
    for (const s of expect.answerContains || []) {
      check('the answer contains ' + s, answer.includes(s), answer.slice(0, 300));
    }
    const findings = await page.textContent('#findings');
    check('the rule findings are listed', findings.includes('ADA-MET-001'), findings);
    const citations = await page.textContent('#citations');
    check('the cited excerpts are listed', citations.includes('ADA-EXC-001'), citations);
    await shot(page, '02-answer');
    check('no CSP violation or script error', problems.length === 0, problems.join(' | '));

    const result = { ok: checks.every(c => c.ok), checks, screenshots, ms: Date.now() - t0 };
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await context.close();
  }
}

main().catch(e => {
  console.log(JSON.stringify({ ok: false, checks: checks.concat([{ name: 'browser run', ok: false, detail: String(e) }]),
    screenshots, ms: 0 }));
  process.exitCode = 2;
});
