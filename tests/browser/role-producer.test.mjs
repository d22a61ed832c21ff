// The producer on a phone (issue 13, part 9): after login its home lists its products and its
// dossiers with what each waits for; it opens its dossier; then a form refused and corrected:
// the idea form sent without a product name comes back with the field named in the error, the
// field marked invalid and described by its message, and the description typed kept; filled
// in, it is registered. The idea is the test's own (a new one each run).

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, login } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DESCRIPTION = 'Mắm tôm Phú Sang ủ chum sành 6 tháng, đóng hũ thủy tinh 200 g cho khách du lịch';

test('a producer finds its products and dossiers at home and corrects a refused form, on a phone', { timeout: 180_000 }, async (t) => {
  // The refused form answers 422, which the browser logs as a console error: that is the point.
  const s = await openSession(t, { viewport: PHONE, allowConsoleErrors: true });
  await login(s, 'chuthe.phusang');
  await s.checkAccessibility('the producer home');
  assert.equal(new URL(s.page.url()).pathname, '/', 'login leads to its home');
  const products = await s.page.locator('[data-testid="home-product"]').allInnerTexts();
  assert.ok(products.map(norm).some((p) => p.includes('Nước mắm Phú Sang')), `its products are listed: ${products.map(norm).join(' | ')}`);
  const dossiers = s.page.locator('[data-testid="home-dossier"]');
  assert.ok((await dossiers.count()) >= 1, 'its dossiers are listed');
  assert.ok(norm(await dossiers.first().locator('[data-testid="home-dossier-waiting"]').innerText()).length > 0, 'each dossier says what it waits for');
  await s.screenshot('role-producer-home-390');

  // Its dossier opens from home.
  const link = dossiers.first().locator('a[href^="/dossiers/"]').first();
  const href = await link.getAttribute('href');
  await s.goto(href);
  assert.ok(norm(await s.page.locator('h1').innerText()).length > 0);
  await s.page.locator('[data-testid="dossier-state"]').waitFor();
  const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the dossier page fits a 390 px phone (${overflow} px too wide)`);
  await s.screenshot('role-producer-dossier-390');

  // A form refused, then corrected: nothing typed is lost.
  await s.goto('/ideas/new');
  const form = s.page.locator('[data-testid="idea-form"]');
  await form.locator('textarea[name="description"]').fill(DESCRIPTION);
  await Promise.all([
    s.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/ideas/new'),
    s.page.click('[data-testid="submit-idea"]'),
  ]);
  await s.page.waitForLoadState('load');
  assert.equal(new URL(s.page.url()).pathname, '/ideas/new', 'the form comes back in place');
  await s.page.locator('[data-testid="form-errors"]').waitFor();
  const name = form.locator('input[name="product_name"]');
  assert.equal(await name.getAttribute('aria-invalid'), 'true', 'the product name is marked invalid');
  const describedBy = await name.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the product name is described by its message');
  assert.ok(norm(await s.page.locator(`#${describedBy}`).innerText()).length > 0, 'the message beside the field says what is wrong');
  assert.equal(await form.locator('textarea[name="description"]').inputValue(), DESCRIPTION, 'the description typed is kept');
  await s.checkAccessibility('the refused idea form');
  await s.screenshot('role-producer-idea-refused-390');

  await name.fill('Mắm tôm Phú Sang hũ 200 g');
  await Promise.all([s.page.waitForURL((u) => /^\/ideas\/[0-9a-f-]{36}$/.test(u.pathname)), s.page.click('[data-testid="submit-idea"]')]);
  assert.equal(norm(await s.page.locator('[data-testid="idea-state"]').innerText()), 'Chờ xã trả lời');
  await s.checkAccessibility('the idea registered');
  await s.page.setViewportSize({ width: 1366, height: 900 });
  await s.goto('/');
  await s.screenshot('role-producer-home-1366');
});
