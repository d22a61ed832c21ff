// The public on a phone (issue 13, part 9): a consumer opens a valid certificate's page
// /v/{code}, reads its status first, reports a suspected fake and sees the thank-you in the
// viewport without scrolling. Any valid certificate of the demo register will do: a report
// changes no certificate's status, so the other tests do not see it.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, url } from './lib.mjs';

const PHONE = { width: 390, height: 844 };

test('the public checks a code and reports a fake on a phone, and sees the thank-you', { timeout: 120_000 }, async (t) => {
  const register = await (await fetch(url('/api/v1/open-data/certificates.json'))).json();
  const row = register.find((r) => r.status === 'valid');
  assert.ok(row, 'the demo register holds a valid certificate');

  const s = await openSession(t, { viewport: PHONE });
  await s.goto(row.verification_path);
  const banner = s.page.locator('[data-testid="status-banner"]');
  assert.ok(norm(await banner.innerText()).toUpperCase().includes('CÒN HIỆU LỰC'), 'the status comes first');
  assert.ok(await banner.isVisible(), 'the banner is on screen');
  assert.equal(norm(await s.page.locator('[data-testid="certificate-number"]').innerText()), row.certificate_number);
  const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page fits a 390 px phone (${overflow} px too wide)`);
  await s.screenshot('role-public-verify-390');

  const form = s.page.locator('[data-testid="report-form"]');
  await form.locator('textarea[name="message"]').fill('Nhãn OCOP trên gói hàng mua ở chợ in mờ, không quét được mã');
  await form.locator('input[name="contact"]').fill('0987654321');
  await Promise.all([
    s.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/report')),
    form.locator('button[type="submit"]').click(),
  ]);
  await s.page.waitForLoadState('load');
  const thanks = s.page.locator('[data-testid="report-sent"]');
  assert.equal(await thanks.count(), 1, 'the consumer is thanked');
  // The thank-you is in the viewport, not somewhere below it.
  const box = await thanks.boundingBox();
  const inView = await thanks.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(inView, `the thank-you is visible without scrolling (its box: ${JSON.stringify(box)})`);
  await s.checkAccessibility('the verification page after a report');
  await s.screenshot('role-public-reported-390');
  await s.page.setViewportSize({ width: 1366, height: 900 });
  await s.screenshot('role-public-reported-1366');
});
