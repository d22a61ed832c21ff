// The province officer (issue 13, part 9): its home is its inbox by stage; the demo batch's
// page fits a 390 px phone (it was 682 px wide); and in a batch of its own (created through
// the page, so no other test's batch changes) the pick list of eligible dossiers reads product,
// producer and commune — never an id. Nothing is scheduled: the round test needs the eligible
// dossier.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, login, batchPath, fillDate } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const shiftDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test('a province officer schedules by name and reads a batch on a phone', { timeout: 180_000 }, async (t) => {
  const s = await openSession(t, { viewport: { width: 1366, height: 900 } });
  await login(s, 'tinh.hatinh');
  await s.checkAccessibility('the province home');
  assert.ok((await s.page.locator('[data-testid="home-stage"]').count()) >= 1, 'the inbox by stage');
  await s.screenshot('role-province-home-1366');

  // The demo batch at 390 px: not wider than the phone.
  const demo = await batchPath(s);
  await s.page.setViewportSize(PHONE);
  await s.goto(demo);
  assert.ok((await s.page.locator('[data-testid="batch-dossier"]').count()) >= 1, 'the demo batch holds dossiers');
  const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the batch page is not wider than a 390 px phone (${width} px)`);
  await s.screenshot('role-province-batch-390');
  await s.page.setViewportSize({ width: 1366, height: 900 });
  await s.screenshot('role-province-batch-1366');

  // A batch of its own, planned, to look at the pick list.
  await s.goto('/batches');
  const create = s.page.locator('form[action="/batches"]');
  const councils = await create.locator('select[name="council_id"] option').allInnerTexts();
  const council = councils.find((c) => c.includes('tỉnh Hà Tĩnh'));
  assert.ok(council, `the demo council of Hà Tĩnh is offered; saw ${councils.join(' | ')}`);
  await create.locator('select[name="council_id"]').selectOption({ label: council });
  await create.locator('input[name="name"]').fill(`Đợt xem danh sách chọn ${Date.now()}`);
  const vnToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  await fillDate(create.locator('input[name="starts_on"]'), shiftDays(vnToday, 10));
  await fillDate(create.locator('input[name="ends_on"]'), shiftDays(vnToday, 40));
  await fillDate(create.locator('input[name="meeting_on"]'), shiftDays(vnToday, 30));
  await Promise.all([s.page.waitForURL((u) => /^\/batches\/[0-9a-f-]{36}$/.test(u.pathname)), create.locator('button').click()]);
  await s.checkAccessibility('the new batch');
  const options = await s.page.locator('form[action$="/schedule"] select[name="dossier_id"] option').allInnerTexts();
  if (options.length === 0) {
    t.diagnostic('no eligible dossier left in the demo to show in the pick list');
  }
  for (const label of options.map(norm)) {
    assert.doesNotMatch(label, /[0-9a-f]{8}-[0-9a-f]{4}-/, `a pick-list entry shows no id: "${label}"`);
    assert.doesNotMatch(label, /^(new|upgrade|renewal)\b/, `a pick-list entry shows no code: "${label}"`);
    // Product — producer — commune: at least three parts with names in them.
    assert.ok(label.split(/ — | · | - /).length >= 3, `a pick-list entry names product, producer and commune: "${label}"`);
  }
  await s.page.setViewportSize(PHONE);
  const width2 = await s.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width2 <= 390, `the new batch page fits a 390 px phone (${width2} px)`);
  await s.screenshot('role-province-new-batch-390');
});
