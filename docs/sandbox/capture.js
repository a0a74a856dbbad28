// Drives the HL7 CDS Hooks sandbox (built from source, served locally) in Debian's headless Chromium against
// `dxguard serve`, and records every request the sandbox sends to the service (and the answers).
const { chromium } = require('playwright-core');
const fs = require('fs');
const SANDBOX = process.env.SANDBOX || 'http://127.0.0.1:8081/';
const FHIR = process.env.FHIR || 'http://127.0.0.1:8082';
const DXG = process.env.DXG || 'http://127.0.0.1:8080';
const OUT = process.env.OUT || '/tmp/i15-capture';
const runs = [
  { name: 'order-select-metformin-861004-3-pill-bid', hook: 'order-select', screen: 'rx-view',
    drug: 'Metformin hydrochloride 1000 MG Oral Tablet', number: 3, frequency: 'bid' },
  { name: 'order-select-metformin-861007-1-pill-tid', hook: 'order-select', screen: 'rx-view',
    drug: 'Metformin hydrochloride 500 MG Oral Tablet', number: 1, frequency: 'tid' },
  { name: 'order-sign-metformin-861004-3-pill-bid', hook: 'order-sign', screen: 'rx-sign',
    drug: 'Metformin hydrochloride 1000 MG Oral Tablet', number: 3, frequency: 'bid' },
];

/** Orders the drug as a clinician would: type its name, pick it from the list, set number and frequency. */
async function order(page, run) {
  await page.locator('input[name="medication-input"]').fill('metformin');
  await page.waitForTimeout(1500);
  for (let i = 0; i < 4; i++) {
    const exact = page.getByRole('button', { name: run.drug, exact: true });
    if (await exact.count()) {
      await exact.first().click();
      break;
    }
    const any = page.getByRole('button', { name: /metformin/i });
    if (!(await any.count())) break;
    await any.first().click();
    await page.waitForTimeout(1000);
  }
  await page.waitForTimeout(1000);
  await page.locator('#dosage-amount').fill(String(run.number));
  await page.waitForTimeout(1000);
  await page.locator('#dosage-frequency').click();
  await page.locator(`li[data-value="${run.frequency}"]`).click();
  await page.waitForTimeout(3000);
}
(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'] });
  for (const run of runs) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const captured = [];
    page.on('console', (m) => { if (m.type() === 'error') console.error('[page]', m.text().slice(0, 200)); });
    page.on('requestfinished', async (req) => {
      if (!req.url().startsWith(DXG)) return;
      const res = await req.response();
      let body = null;
      try { body = await res.text(); } catch (e) { body = null; }
      const headers = { ...req.headers() };
      const auth = headers.authorization;
      delete headers.authorization;
      let jwtHeader = null;
      let jwtClaims = null;
      if (auth && auth.startsWith('Bearer ')) {
        const parts = auth.slice(7).split('.');
        jwtHeader = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
        jwtClaims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
      }
      captured.push({ method: req.method(), url: req.url(), headers, jwtHeader, jwtClaims,
        body: req.postData() ? JSON.parse(req.postData()) : null, status: res.status(),
        response: body && body.startsWith('{') ? JSON.parse(body) : body });
    });
    const posted = () => captured.some((c) => c.method === 'POST' && c.body && c.body.hook === run.hook
      && JSON.stringify(c.body.context.draftOrders || {}).includes('doseQuantity'));
    const url = `${SANDBOX}?hook=${run.hook}&screen=${run.screen}&fhirServiceUrl=${encodeURIComponent(FHIR)}`
      + `&patientId=sandbox-p1&serviceDiscoveryURL=${encodeURIComponent(DXG + '/cds-services')}`;
    await page.goto(url);
    await page.waitForTimeout(8000);
    await order(page, run);
    if (run.hook === 'order-sign') {
      await page.getByRole('button', { name: 'Sign Order' }).first().click();
    }
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && !posted()) {
      await page.waitForTimeout(500);
    }
    await page.waitForTimeout(3000);
    await page.screenshot({ path: `${OUT}/${run.name}.png`, fullPage: true });
    fs.writeFileSync(`${OUT}/${run.name}.json`, JSON.stringify(captured, null, 2));
    console.log(run.name, captured.map((c) => `${c.method} ${c.url} ${c.status}`).join(' | '));
    await context.close();
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
