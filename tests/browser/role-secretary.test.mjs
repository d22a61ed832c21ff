// The council secretary (issue 13, part 9), on a round of its own: the dossier "Mật ong hoa keo
// Cẩm Xuyên", submitted in the demo and touched by no other test, is received and reported on by
// the commune of Cẩm Xuyên and found eligible by the province, which puts it alone in a new batch
// meeting today. The secretary, from its home, records who attends (one member absent); three
// members score; the chair closes. Then the secretary's work: the minutes, saved and shown; and
// the decision form (the province office's) sent with a blank number is refused in place —
// the number named, the issuer and the legal basis typed kept — and, corrected, issues the
// certificates.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, login, fillDate, dateValue } from './lib.mjs';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 820, height: 1180 };
const DOSSIER = 'Mật ong hoa keo Cẩm Xuyên';
const ABSENT = 'Phạm Thị Hoa'; // hoidong3.hatinh
const ISSUER = 'UBND tỉnh Hà Tĩnh';

const at = (path) => (u) => u.pathname === path;
const text = async (s, selector) => norm(await s.page.locator(selector).innerText());
const shiftDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function takeStep(s, href, step) {
  const form = s.page.locator(`[data-testid="action-${step}"]`);
  assert.equal(await form.count(), 1, `expected the "${step}" form on ${href}`);
  await Promise.all([s.page.waitForURL(at(href)), form.locator('button[type="submit"]').click()]);
}

async function scoreDossier(s, href) {
  await s.goto(href);
  const criteria = s.page.locator('[data-testid="criterion"]');
  const count = await criteria.count();
  assert.ok(count > 0, `the criteria of the sheet on ${href}`);
  for (let i = 0; i < count; i++) {
    const radios = criteria.nth(i).locator('input[type="radio"]');
    await Promise.all([s.page.waitForResponse((r) => r.url().endsWith('/answer') && r.status() === 200), radios.nth((await radios.count()) - 1).check()]);
    await s.page.locator('[data-testid="sheet-answered"]', { hasText: `${i + 1}/${count}` }).waitFor();
  }
  await Promise.all([s.page.waitForURL(at(href)), s.page.click('[data-testid="submit-sheet"]')]);
  assert.ok((await text(s, '[data-testid="running-total"]')).includes('Đã nộp'), 'the sheet is submitted');
}

test('a secretary records attendance and minutes, and a refused decision is corrected', { timeout: 600_000 }, async (t) => {
  // The commune receives the dossier, reports on it and proposes it.
  const commune = await openSession(t);
  await login(commune, 'xa.camxuyen');
  await commune.goto('/dossiers?state=submitted');
  const link = commune.page.locator('[data-testid="dossier-list"] a', { hasText: DOSSIER });
  if ((await link.count()) === 0) {
    t.skip(`"${DOSSIER}" is no longer waiting at the commune (this test ran on this server before)`);
    return;
  }
  const dossier = await link.first().getAttribute('href');
  const dossierId = dossier.split('/').pop();
  await commune.goto(dossier);
  await takeStep(commune, dossier, 'receive');
  const findings = commune.page.locator('[data-testid="action-commune_report"] input[name^="finding_"]');
  for (let i = 0; i < (await findings.count()); i++) await findings.nth(i).fill('Đạt: có xác nhận của UBND xã');
  await takeStep(commune, dossier, 'commune_report');
  await takeStep(commune, dossier, 'propose');

  // The province finds it eligible and puts it alone in a batch meeting today.
  const office = await openSession(t);
  await login(office, 'tinh.hatinh');
  await office.goto(dossier);
  await takeStep(office, dossier, 'start_check');
  await takeStep(office, dossier, 'find_eligible');
  await office.goto('/batches');
  const create = office.page.locator('form[action="/batches"]');
  const council = (await create.locator('select[name="council_id"] option').allInnerTexts()).find((c) => c.includes('tỉnh Hà Tĩnh'));
  await create.locator('select[name="council_id"]').selectOption({ label: council });
  await create.locator('input[name="name"]').fill(`Đợt của thư ký ${Date.now()}`);
  const vnToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  await fillDate(create.locator('input[name="starts_on"]'), shiftDays(vnToday, -20));
  await fillDate(create.locator('input[name="ends_on"]'), shiftDays(vnToday, 20));
  await fillDate(create.locator('input[name="meeting_on"]'), vnToday);
  await Promise.all([office.page.waitForURL((u) => /^\/batches\/[0-9a-f-]{36}$/.test(u.pathname)), create.locator('button').click()]);
  const batch = new URL(office.page.url()).pathname;
  const schedule = office.page.locator('form[action$="/schedule"]');
  await schedule.locator('select[name="dossier_id"]').selectOption(dossierId);
  await Promise.all([office.page.waitForURL(at(batch)), schedule.locator('button').click()]);
  const sentOn = office.page.locator('form[action$="/send"] input[name="sent_on"]');
  const today = await dateValue(sentOn);
  await fillDate(sentOn, shiftDays(today, -14));
  await Promise.all([office.page.waitForURL(at(batch)), office.page.click('form[action$="/send"] button')]);

  // The secretary, on a phone, from its home: the batch, and who attends.
  const secretary = await openSession(t, { viewport: PHONE });
  await login(secretary, 'thuky.hatinh');
  await secretary.checkAccessibility('the secretary home');
  const home = secretary.page.locator(`[data-testid="home-batch"] a[href="${batch}"]`);
  assert.equal(await home.count(), 1, 'the new batch is on the secretary home');
  await secretary.screenshot('role-secretary-home-390');
  await Promise.all([secretary.page.waitForURL(at(batch)), home.click()]);
  await secretary.checkAccessibility('the batch, for the secretary');
  const seats = secretary.page.locator('[data-testid="attendance"] label');
  for (let i = 0; i < (await seats.count()); i++) {
    const name = norm(await seats.nth(i).innerText());
    await seats.nth(i).locator('select').selectOption(name.startsWith(ABSENT) ? 'absent' : 'present');
  }
  await Promise.all([secretary.page.waitForURL(at(batch)), secretary.page.click('[data-testid="record-attendance"]')]);
  assert.ok((await text(secretary, '[data-testid="quorum"]')).startsWith('Có mặt 3 /'), 'three of four scoring seats present');

  // The chair opens; three members score; the chair closes.
  const chair = await openSession(t, { viewport: TABLET });
  await login(chair, 'chutich.hatinh');
  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="open-scoring"]')]);
  const sheet = await chair.page.locator('[data-testid="score-link"]').getAttribute('href');
  await scoreDossier(chair, sheet);
  for (const member of ['hoidong.hatinh', 'hoidong2.hatinh']) {
    const s = await openSession(t, { viewport: TABLET });
    await login(s, member);
    await scoreDossier(s, sheet);
  }
  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="close-scoring"]')]);
  assert.equal(await text(chair, '[data-testid="batch-status"]'), 'Đã có kết quả chấm, chờ quyết định công nhận');

  // The minutes.
  await secretary.goto(batch);
  const minutes = `Hội đồng họp, có mặt 3/4 thành viên chấm điểm; ${DOSSIER} được chấm điểm.`;
  await secretary.page.fill('form[action$="/minutes"] textarea[name="minutes"]', minutes);
  await Promise.all([secretary.page.waitForURL(at(batch)), secretary.page.click('form[action$="/minutes"] button')]);
  assert.equal(await secretary.page.inputValue('form[action$="/minutes"] textarea[name="minutes"]'), minutes, 'the minutes are saved and shown');
  await secretary.checkAccessibility('the batch with its minutes');
  await secretary.screenshot('role-secretary-minutes-390');
  await secretary.page.setViewportSize({ width: 1366, height: 900 });
  await secretary.screenshot('role-secretary-minutes-1366');

  // The decision with a blank number: refused in place, what was typed kept; then corrected.
  const decide = await openSession(t, { viewport: { width: 1366, height: 900 }, allowConsoleErrors: true }); // the refusal answers 422
  await login(decide, 'tinh.hatinh');
  await decide.goto(batch);
  let form = decide.page.locator('form[action$="/recognise"]');
  await form.locator('input[name="number"]').fill('   ');
  await form.locator('input[name="issuer_name"]').fill(ISSUER);
  const basis = await form.locator('select[name="legal_basis"]').inputValue();
  await Promise.all([
    decide.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/recognise')),
    form.locator('button').click(),
  ]);
  await decide.page.waitForLoadState('load');
  form = decide.page.locator('form[action$="/recognise"]');
  await form.locator('[data-testid="error-summary"]').waitFor();
  assert.ok((await text(decide, 'form[action$="/recognise"] [data-testid="error-summary"]')).includes('Số quyết định'), 'the summary names the number');
  const number = form.locator('input[name="number"]');
  assert.equal(await number.getAttribute('aria-invalid'), 'true', 'the number is marked invalid');
  assert.ok(await number.getAttribute('aria-describedby'), 'the number is described by its message');
  assert.equal(await form.locator('input[name="issuer_name"]').inputValue(), ISSUER, 'the issuer typed is kept');
  assert.equal(await form.locator('select[name="legal_basis"]').inputValue(), basis, 'the legal basis chosen is kept');
  await decide.checkAccessibility('the refused decision');
  await decide.screenshot('role-secretary-decision-refused-1366');
  await decide.page.setViewportSize(PHONE);
  await decide.screenshot('role-secretary-decision-refused-390');

  await number.fill('2210/QĐ-UBND');
  await Promise.all([decide.page.waitForURL(at(batch)), form.locator('button').click()]);
  assert.equal(await text(decide, '[data-testid="batch-status"]'), 'Đã có quyết định công nhận');
  assert.ok((await text(decide, '[data-testid="decisions"]')).includes('2210/QĐ-UBND'), 'the decision is listed');
});
