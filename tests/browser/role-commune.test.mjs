// The commune officer (issue 13, part 9), on a phone, at Cẩm Xuyên (the council test takes the
// Phú Sang dossier of Thiên Cầm; this one takes "Gạo sạch Cẩm Xuyên", which waits in commune
// review in the demo and no other test touches): its home shows its inbox by stage; it opens
// the dossier waiting for it and reads the producer's self-assessment and evidence; it issues
// the commune report with a meeting day that does not exist (31/02/2026) and sees it refused in
// place — the date named in the error summary, marked invalid and described by its message,
// the four findings it typed kept — then corrects the date and the report is issued.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, login, fillDate } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const DOSSIER = 'Gạo sạch Cẩm Xuyên';
const FINDINGS = [
  'Đạt: lúa trồng tại xã Cẩm Xuyên',
  'Đạt: 12 lao động địa phương',
  'Đạt: ý tưởng của hộ',
  'Đạt: giống lúa bản địa',
];

test('a commune officer reads a dossier and corrects a refused commune report, on a phone', { timeout: 180_000 }, async (t) => {
  // The refused form answers 422, which the browser logs as a console error: that is the point.
  const s = await openSession(t, { viewport: PHONE, allowConsoleErrors: true });
  await login(s, 'xa.camxuyen');
  await s.checkAccessibility('the commune home');
  const review = s.page.locator('[data-testid="home-stage"][data-state="commune_review"]');
  assert.equal(await review.count(), 1, 'the inbox has a commune review stage');
  await s.screenshot('role-commune-home-390');

  await s.goto('/dossiers?state=commune_review');
  const link = s.page.locator('[data-testid="dossier-list"] a', { hasText: DOSSIER });
  if ((await link.count()) === 0) {
    t.skip(`"${DOSSIER}" no longer waits in commune review (this test ran on this server before)`);
    return;
  }
  const href = await link.first().getAttribute('href');
  await s.goto(href);
  assert.equal(norm(await s.page.locator('[data-testid="dossier-state"]').innerText()), 'Xã đang xem xét');
  // What the producer answered and attached.
  assert.match(norm(await s.page.locator('[data-testid="self-score"]').innerText()), /\d+\.\d{2} · [1-5]★/, 'the self-assessment total and star');
  assert.ok((await s.page.locator('[data-testid="evidence"] li').count()) >= 1, 'the evidence attached');
  await s.screenshot('role-commune-dossier-390');

  // The report with a day that does not exist: refused in place, nothing typed lost.
  const report = s.page.locator('[data-testid="action-commune_report"]');
  await report.locator('input[name="meeting_on"]').fill('31/02/2026');
  const findings = report.locator('input[name^="finding_"]');
  assert.equal(await findings.count(), 4, 'the four commune criteria');
  for (let i = 0; i < 4; i++) await findings.nth(i).fill(FINDINGS[i]);
  await Promise.all([
    s.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/commune-report')),
    report.locator('button[type="submit"]').click(),
  ]);
  await s.page.waitForLoadState('load');
  const refused = s.page.locator('[data-testid="action-commune_report"]');
  await refused.locator('[data-testid="error-summary"]').waitFor();
  const summary = norm(await refused.locator('[data-testid="error-summary"]').innerText());
  assert.ok(summary.includes('Ngày họp'), `the error summary names the meeting date: ${summary}`);
  const meeting = refused.locator('input[name="meeting_on"]');
  assert.equal(await meeting.getAttribute('aria-invalid'), 'true', 'the date is marked invalid');
  const describedBy = await meeting.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the date is described by its message');
  assert.equal(await s.page.locator(`#${describedBy}`).count(), 1, 'the message the date points to exists');
  assert.equal(await meeting.inputValue(), '31/02/2026', 'the date typed is kept to be corrected');
  const kept = refused.locator('input[name^="finding_"]');
  for (let i = 0; i < 4; i++) assert.equal(await kept.nth(i).inputValue(), FINDINGS[i], `finding ${i + 1} is kept`);
  // The summary's link leads to the field.
  const target = await refused.locator('[data-testid="error-summary"] a').first().getAttribute('href');
  assert.equal(await s.page.locator(target).count(), 1, `the summary links to a field (${target})`);
  await s.checkAccessibility('the refused commune report');
  await s.screenshot('role-commune-report-refused-390');

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  await fillDate(meeting, today);
  await Promise.all([s.page.waitForURL((u) => u.pathname === href), refused.locator('button[type="submit"]').click()]);
  await s.page.waitForLoadState('load');
  assert.equal(norm(await s.page.locator('[data-testid="dossier-state"]').innerText()), 'Xã đã có báo cáo đánh giá');
  const main = norm(await s.page.locator('main').innerText());
  for (const f of FINDINGS) assert.ok(main.includes(f), `the report shows "${f}"`);
  await s.checkAccessibility('the dossier with its commune report');
  await s.page.setViewportSize({ width: 1366, height: 900 });
  await s.screenshot('role-commune-reported-1366');
});
