// The central officer (issue 15, part 6): the dashboard in the menu opens the whole country,
// a line per province by name whose link opens that province's own dashboard; the pages pass
// axe-core like every page the tests open, on a desktop and on a phone.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, login, firstNumber } from './lib.mjs';

test('a central officer reads the country by province and drills down', { timeout: 120_000 }, async (t) => {
  const s = await openSession(t, { viewport: { width: 1366, height: 900 } });
  await login(s, 'trunguong');
  await s.goto('/programme/dashboard');
  assert.equal(new URL(s.page.url()).pathname, '/programme/dashboard/national', 'the bare dashboard leads to the country');
  const rows = s.page.locator('[data-testid="national-provinces"] tbody tr');
  assert.equal(await rows.count(), 34, 'one line per province since 07/2025');
  const total = firstNumber(await s.page.locator('[data-testid="national-total"]').innerText());
  let sum = 0;
  for (const cell of await s.page.locator('[data-testid="national-provinces"] tbody tr td:nth-of-type(4)').allInnerTexts()) {
    sum += firstNumber(cell);
  }
  assert.equal(sum, total, `the provinces add up to the country (${sum} vs ${total})`);
  await s.screenshot('role-central-national-1366');
  const haTinh = s.page.locator('[data-testid="national-provinces"] a', { hasText: 'Hà Tĩnh' });
  await Promise.all([s.page.waitForURL((u) => u.pathname === '/programme/dashboard'), haTinh.click()]);
  assert.ok(norm(await s.page.locator('h1').innerText()).includes('Hà Tĩnh'), 'the province dashboard opens');
  await s.checkAccessibility('the province dashboard from the national one');
  await s.page.setViewportSize({ width: 390, height: 844 });
  await s.goto('/programme/dashboard/national');
  await s.screenshot('role-central-national-390');
});
