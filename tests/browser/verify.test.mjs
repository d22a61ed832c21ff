// Public verification of a certificate at /v/{code}, as a consumer scanning a package would see it.
//
// The demo data holds certificates in every state; the open-data register
// (GET /api/v1/open-data/certificates.json) gives each one's status and
// verification path. For a valid, an expiring, an expired and a revoked
// certificate the page must put the matching status banner first; an unknown
// code is a 404 page saying KHÔNG TÌM THẤY.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, url } from './lib.mjs';

const BANNERS = {
  valid: 'CÒN HIỆU LỰC',
  expiring: 'SẮP HẾT HẠN',
  expired: 'HẾT HIỆU LỰC',
  revoked: 'ĐÃ THU HỒI',
};

async function registerByStatus() {
  const response = await fetch(url('/api/v1/open-data/certificates.json'));
  assert.equal(response.status, 200, `expected the open-data register to answer 200, saw ${response.status}`);
  const rows = await response.json();
  const byStatus = {};
  for (const row of rows) {
    if (!byStatus[row.status]) byStatus[row.status] = row;
  }
  return byStatus;
}

test('the verification page tells the truth for valid, expiring, expired and revoked certificates', { timeout: 120_000 }, async (t) => {
  const byStatus = await registerByStatus();
  const s = await openSession(t);
  for (const [status, banner] of Object.entries(BANNERS)) {
    const row = byStatus[status];
    assert.ok(row, `expected the demo register to hold a ${status} certificate, saw statuses ${Object.keys(byStatus).join(', ')}`);
    const response = await s.goto(row.verification_path);
    assert.equal(response.status(), 200, `${status}: expected 200 at ${row.verification_path}, saw ${response.status()}`);
    const bannerEl = s.page.locator('[data-testid="status-banner"]');
    assert.equal(await bannerEl.count(), 1, `${status}: expected one status banner`);
    const text = norm(await bannerEl.innerText());
    assert.ok(text.toUpperCase().includes(banner), `${status}: expected the banner to say ${banner}, saw "${text}"`);
    assert.equal(await bannerEl.getAttribute('data-status'), status, `${status}: banner data-status`);
    // The banner comes before the certificate's details.
    const order = await s.page.evaluate(() => {
      const banner = document.querySelector('[data-testid="status-banner"]');
      const number = document.querySelector('[data-testid="certificate-number"]');
      return banner && number ? banner.compareDocumentPosition(number) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    assert.ok(order, `${status}: expected the status banner before the certificate number`);
    const number = norm(await s.page.locator('[data-testid="certificate-number"]').innerText());
    assert.equal(number, row.certificate_number, `${status}: certificate number`);
    const shot = await s.screenshot(`verify-${status}`);
    t.diagnostic(`screenshot: ${shot}`);
  }
});

test('an unknown verification code is a 404 page saying KHÔNG TÌM THẤY', { timeout: 60_000 }, async (t) => {
  const s = await openSession(t, { allowConsoleErrors: true });
  const response = await s.page.goto(url('/v/ZZZZZZZZZZZZZZZZZZZZZ'), { waitUntil: 'load' });
  assert.equal(response.status(), 404, `expected 404 for an unknown code, saw ${response.status()}`);
  const body = norm(await s.page.locator('body').innerText());
  assert.ok(body.toUpperCase().includes('KHÔNG TÌM THẤY'), `expected "KHÔNG TÌM THẤY", saw "${body.slice(0, 200)}"`);
});
