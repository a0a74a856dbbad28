// Drives the dxguard web console in headless Debian Chromium through playwright-core (no bundled browser).
// Input (environment): CONSOLE_URL (http://localhost:PORT/console/), CONSOLE_TOKEN, SCREENSHOT_DIR, CHROMIUM
// (default /usr/bin/chromium) and EXPECT, a JSON object:
//   {"orderSign": {"hookInstance": "...", "ruleId": "ADA-MET-001"},
//    "patientView": {"hookInstance": "...", "hostileMarker": "<script>..."}, "packages": ["ada-diabetes", ...]}
// Output: one JSON line on stdout {"ok": bool, "checks": [{"name", "ok", "detail"}], "screenshots": [...], "ms": n}.
// Exit code 0 when every check passed, 1 when one failed, 2 when the browser could not be driven at all.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.env.CONSOLE_URL;
const token = process.env.CONSOLE_TOKEN;
const shots = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'console-screenshots');
const expect = JSON.parse(process.env.EXPECT || '{}');
const checks = [];
const screenshots = [];
const cspViolations = [];
const dialogs = [];
const pageErrors = [];

function check(name, ok, detail) {
  checks.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail).slice(0, 500) });
}

async function shot(page, name) {
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(file);
}

async function loaded(page, timeout) {
  await page.waitForSelector('body[data-loaded]', { timeout: timeout || 60000 });
  return page.getAttribute('body', 'data-loaded');
}

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dxguard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', m => { if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
    page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    page.on('pageerror', e => pageErrors.push(String(e)));

    // the console needs a login
    await page.goto(base, { waitUntil: 'load' });
    check('unauthenticated visit lands on the login page', page.url().endsWith('/console/login'), page.url());
    await shot(page, '01-login');

    await page.fill('#token', 'not-the-token');
    await Promise.all([page.waitForNavigation(), page.click('#login')]);
    check('a wrong token is refused', await page.isVisible('#failed'), page.url());

    await page.fill('#token', token);
    await Promise.all([page.waitForNavigation(), page.click('#login')]);
    check('the admin token logs in', page.url().replace(/\?.*$/, '').endsWith('/console/'), page.url());
    const cookies = await context.cookies();
    const session = cookies.find(c => c.name === 'dxguard_console');
    check('the session cookie is HttpOnly and SameSite=Strict', session && session.httpOnly && session.sameSite === 'Strict',
      JSON.stringify(session ? { httpOnly: session.httpOnly, sameSite: session.sameSite, path: session.path } : null));

    // decision list: the order-sign call's record is there
    check('decision list loads', (await loaded(page)) === 'true', await page.textContent('#error'));
    const signRow = page.locator(`#decisions tbody tr[data-hook-instance="${expect.orderSign.hookInstance}"]`);
    check('decision list shows the order-sign call', await signRow.count() >= 1, await page.textContent('#count'));
    check('decision list names the rule that fired', (await signRow.first().textContent()).includes(expect.orderSign.ruleId),
      await signRow.first().textContent());
    await shot(page, '02-decisions');

    // filtering by rule keeps it, filtering by another service drops it
    await page.goto(base + '?rule=' + encodeURIComponent(expect.orderSign.ruleId), { waitUntil: 'load' });
    await loaded(page);
    const filtered = await page.locator('#decisions tbody tr').evaluateAll(rs => rs.map(r => r.dataset.hookInstance));
    check('the rule filter keeps the order-sign call and drops the patient-view call',
      filtered.includes(expect.orderSign.hookInstance) && !filtered.includes(expect.patientView.hookInstance),
      JSON.stringify(filtered));

    // order-sign detail: the card and why it was shown
    await page.goto(base, { waitUntil: 'load' });
    await loaded(page);
    await Promise.all([page.waitForNavigation(), page.locator(`#decisions tbody tr[data-hook-instance="${expect.orderSign.hookInstance}"] a`).first().click()]);
    check('order-sign decision loads', (await loaded(page)) === 'true', await page.textContent('#error'));
    const cardTexts = await page.locator('#cards .card').allTextContents();
    check('the card is shown', cardTexts.length >= 1 && cardTexts.some(t => t.includes(expect.orderSign.ruleId)), JSON.stringify(cardTexts).slice(0, 400));
    const ruleIds = await page.locator('#cards .rule-id').allTextContents();
    check('the card says which rule made it', ruleIds.includes(expect.orderSign.ruleId), JSON.stringify(ruleIds));
    const firings = await page.locator('#cards .firing li').count();
    check('the card lists the facts the rule fired on', firings >= 1, firings);
    const fired = await page.locator('#rules-fired tbody').textContent();
    check('rules fired are listed', fired.includes(expect.orderSign.ruleId), fired.slice(0, 300));
    await shot(page, '03-order-sign-decision');

    // patient-view detail: the candidates, and the hostile model output shown as text
    await page.goto(base, { waitUntil: 'load' });
    await loaded(page);
    await Promise.all([page.waitForNavigation(), page.locator(`#decisions tbody tr[data-hook-instance="${expect.patientView.hookInstance}"] a`).first().click()]);
    check('patient-view decision loads', (await loaded(page)) === 'true', await page.textContent('#error'));
    const candidates = await page.locator('#candidates tbody tr.candidate').count();
    check('differential candidates are listed', candidates >= 1, candidates);
    const raw = await page.textContent('#raw-output');
    check('the raw model output is shown as text, markup included', raw.includes(expect.patientView.hostileMarker), raw.slice(0, 300));
    const rawChildren = await page.locator('#raw-output > *').count();
    check('no element was created from the model output', rawChildren === 0, rawChildren);
    const injected = await page.evaluate(() => window.__dxguardInjected === undefined && document.querySelectorAll('script').length === 1
      && document.querySelectorAll('img').length === 0);
    check('no injected script ran or was inserted', injected && dialogs.length === 0, JSON.stringify(dialogs));
    await shot(page, '04-patient-view-decision');

    // guideline packages
    await page.goto(base + 'guidelines', { waitUntil: 'load' });
    check('guidelines page loads', (await loaded(page)) === 'true', await page.textContent('#error'));
    const packages = await page.locator('#packages .package-id').allTextContents();
    check('every loaded guideline package is listed', (expect.packages || []).every(p => packages.includes(p)) && packages.length > 0,
      JSON.stringify(packages));
    const scenarios = await page.locator('#packages .scenarios').allTextContents();
    check('scenario results are shown per package', scenarios.length === packages.length && scenarios.every(s => /passed/.test(s)),
      JSON.stringify(scenarios));
    await shot(page, '05-guidelines');

    // overrides and the veto report
    await page.goto(base + 'overrides', { waitUntil: 'load' });
    check('overrides page loads', (await loaded(page)) === 'true', await page.textContent('#error'));
    const overrideRules = await page.locator('#overrides tbody tr').evaluateAll(rs => rs.map(r => r.dataset.rule));
    check('override rates list the rule that fired', overrideRules.includes(expect.orderSign.ruleId), JSON.stringify(overrideRules));
    await shot(page, '06-overrides');

    await page.goto(base + 'safety', { waitUntil: 'load' });
    // the first view runs every suite case (about 1,400 with mutations): give it time on a busy machine
    check('veto report loads', (await loaded(page, 240000)) === 'true', await page.textContent('#error'));
    const summary = await page.textContent('#safety-summary');
    check('veto report shows recall and a verdict', /Veto recall/.test(summary) && /PASS|FAIL/.test(summary), summary.slice(0, 300));
    await shot(page, '07-veto-report');

    check('no Content-Security-Policy violation and no page error', cspViolations.length === 0 && pageErrors.length === 0,
      JSON.stringify(cspViolations.concat(pageErrors)));

    // logging out ends the session
    await page.goto(base, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click('header form button')]);
    await page.goto(base, { waitUntil: 'load' });
    check('logging out ends the session', page.url().endsWith('/console/login'), page.url());
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return Date.now() - t0;
}

main().then(ms => {
  const ok = checks.length > 0 && checks.every(c => c.ok);
  process.stdout.write(JSON.stringify({ ok, checks, screenshots, ms }) + '\n');
  process.exit(ok ? 0 : 1);
}).catch(e => {
  process.stdout.write(JSON.stringify({ ok: false, checks, screenshots, error: String(e && e.stack || e) }) + '\n');
  process.exit(2);
});
