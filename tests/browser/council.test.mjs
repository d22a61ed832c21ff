// The council's day, through the pages only, on the demo council of Hà Tĩnh. First the
// proposal: the commune officer of Thiên Cầm (on a phone) issues the commune report on the
// four commune criteria for the Phú Sang dossier waiting in review and proposes it; the
// province office checks it, finds it eligible and schedules it into the demo batch "Đợt 2
// năm 2026". Then the council: the office records that the electronic dossiers were sent
// two weeks before the meeting (today), the secretary records who attends, the chair opens
// scoring, three members (the chair among them) score every dossier of the batch — the
// proposed one among them — answer by answer on the tablet page (each click saved
// by htmx, the running total computed by the server), a fourth member declares a conflict of
// interest and is recused, the chair closes the batch, the province issues the recognition
// decision and the results decision (.xlsx) is downloaded.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSession, norm, login, batchPath, fillDate } from './lib.mjs';

/** The ISO day (yyyy-mm-dd) a date field shows, whether it reads dd/mm/yyyy or yyyy-mm-dd. */
const isoOf = (value) => (/^\d{4}-/.test(value) ? value : value.split('/').reverse().join('-'));

const TABLET = { width: 820, height: 1180 };
const PHONE = { width: 390, height: 844 };
const PROPOSED = 'Nước mắm Phú Sang';

const at = (path) => (u) => u.pathname === path;

async function scoreLinks(s, batch) {
  await s.goto(batch);
  const links = s.page.locator('[data-testid="score-link"]');
  const n = await links.count();
  assert.ok(n >= 1, 'expected dossiers in the demo batch');
  const hrefs = [];
  for (let i = 0; i < n; i++) hrefs.push(await links.nth(i).getAttribute('href'));
  return hrefs;
}

async function stateOf(s) {
  return norm(await s.page.locator('[data-testid="dossier-state"]').innerText());
}

// Takes the workflow step whose form is `action-<step>` on the dossier page and comes back to it.
async function takeStep(s, href, step) {
  const form = s.page.locator(`[data-testid="action-${step}"]`);
  assert.equal(await form.count(), 1, `expected the "${step}" form on ${href}`);
  await Promise.all([s.page.waitForURL(at(href)), form.locator('button[type="submit"]').click()]);
}

// The commune officer reports on the Phú Sang dossier and proposes it; returns its page.
async function communeProposes(t) {
  const commune = await openSession(t, { viewport: PHONE });
  await login(commune, 'xa.thiencam');
  await commune.goto('/dossiers');
  await Promise.all([commune.page.waitForURL((u) => u.search.includes('state=')), commune.page.click('[data-testid="dossier-inbox"]')]);
  const link = commune.page.locator('[data-testid="dossier-list"] a', { hasText: PROPOSED });
  assert.equal(await link.count(), 1, `expected "${PROPOSED}" in the commune officer's inbox`);
  const href = await link.getAttribute('href');
  await commune.goto(href);
  assert.equal(await stateOf(commune), 'Xã đang xem xét', 'the demo dossier waits in commune review');
  const report = commune.page.locator('[data-testid="action-commune_report"]');
  const findings = report.locator('input[name^="finding_"]');
  assert.equal(await findings.count(), 4, 'the commune report assesses the four commune criteria');
  for (let i = 0; i < 4; i++) await findings.nth(i).fill('Đạt: có xác nhận của UBND xã');
  await commune.screenshot('commune-report-phone');
  await takeStep(commune, href, 'commune_report');
  assert.equal(await stateOf(commune), 'Xã đã có báo cáo đánh giá');
  await takeStep(commune, href, 'propose');
  assert.equal(await stateOf(commune), 'Đã đề xuất lên cấp trên');
  await commune.screenshot('commune-proposed-phone');
  return href;
}

// Every third criterion gets its second-best option, the others the last one; returns the
// sheet's total (each dossier is on the sheet of its own product set, so totals differ).
async function scoreDossier(s, href) {
  await s.goto(href);
  const criteria = s.page.locator('[data-testid="criterion"]');
  const count = await criteria.count();
  assert.ok(count >= 20, `a whole sheet of criteria (${count})`);
  for (let i = 0; i < count; i++) {
    const radios = criteria.nth(i).locator('input[type="radio"]');
    const n = await radios.count();
    const pick = i % 3 === 0 ? Math.max(0, n - 2) : n - 1;
    await Promise.all([
      s.page.waitForResponse((r) => r.url().endsWith('/answer') && r.status() === 200),
      radios.nth(pick).check(),
    ]);
    await s.page.locator('[data-testid="sheet-answered"]', { hasText: `${i + 1}/${count}` }).waitFor();
  }
  const total = norm(await s.page.locator('[data-testid="sheet-total"]').innerText());
  await Promise.all([s.page.waitForURL(at(href)), s.page.click('[data-testid="submit-sheet"]')]);
  assert.ok(norm(await s.page.locator('[data-testid="running-total"]').innerText()).includes('Đã nộp'));
  return total;
}

test('three members score, a fourth is recused, the chair closes and the decision is downloaded', { timeout: 600_000 }, async (t) => {
  const proposed = await communeProposes(t);
  const proposedId = proposed.split('/').pop();

  const office = await openSession(t);
  await login(office, 'tinh.hatinh');
  await office.goto(proposed);
  await takeStep(office, proposed, 'start_check');
  await takeStep(office, proposed, 'find_eligible');
  assert.equal(await stateOf(office), 'Đủ điều kiện đánh giá');
  const batch = await batchPath(office);
  await office.goto(batch);
  const schedule = office.page.locator('form[action$="/schedule"]');
  await schedule.locator('select[name="dossier_id"]').selectOption(proposedId);
  await Promise.all([office.page.waitForURL(at(batch)), schedule.locator('button').click()]);
  const scheduled = await office.page.locator('[data-testid="batch-dossier"]').allInnerTexts();
  assert.ok(scheduled.some((row) => norm(row).includes(PROPOSED)), `expected ${PROPOSED} in the batch; saw ${scheduled.map(norm).join(' | ')}`);
  // The dossiers went out two weeks before today's meeting (at least one working day before it).
  const sentOn = office.page.locator('form[action$="/send"] input[name="sent_on"]');
  const meetingDay = new Date(`${isoOf(await sentOn.inputValue())}T00:00:00Z`);
  await fillDate(sentOn, new Date(meetingDay.getTime() - 14 * 86_400_000).toISOString().slice(0, 10));
  await Promise.all([office.page.waitForURL(at(batch)), office.page.click('form[action$="/send"] button')]);
  assert.ok(norm(await office.page.locator('main').innerText()).includes('Đã gửi hồ sơ điện tử'));

  // The secretary records who attends the meeting; scoring cannot open before.
  const secretary = await openSession(t, { viewport: TABLET });
  await login(secretary, 'thuky.hatinh');
  await secretary.goto(batch);
  assert.ok(norm(await secretary.page.locator('[data-testid="attendance"]').innerText()).includes('Chưa ghi nhận thành phần tham dự'));
  const presence = secretary.page.locator('[data-testid="presence"]');
  const seated = await presence.count();
  assert.ok(seated >= 5, `expected the chair, members and secretary; saw ${seated}`);
  for (let i = 0; i < seated; i++) await presence.nth(i).selectOption('present');
  await Promise.all([secretary.page.waitForURL(at(batch)), secretary.page.click('[data-testid="record-attendance"]')]);
  const quorum = norm(await secretary.page.locator('[data-testid="quorum"]').innerText());
  assert.ok(quorum.startsWith(`Có mặt ${seated - 1} /`), `every scoring seat present: ${quorum}`);
  await secretary.screenshot('council-attendance');

  const chair = await openSession(t, { viewport: TABLET });
  await login(chair, 'chutich.hatinh');
  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="open-scoring"]')]);
  assert.equal(norm(await chair.page.locator('[data-testid="batch-status"]').innerText()), 'Hội đồng đang chấm điểm');
  const dossiers = await scoreLinks(chair, batch);
  assert.ok(dossiers.length >= 3, `expected the two demo dossiers and the proposed one; saw ${dossiers.length}`);
  assert.ok(dossiers.some((href) => href.endsWith(`/dossiers/${proposedId}/score`)), 'the proposed dossier is scored');

  const recused = await openSession(t, { viewport: TABLET });
  await login(recused, 'hoidong3.hatinh');
  for (const href of dossiers) {
    await recused.goto(href);
    await recused.page.click('details:has([data-testid="recuse"]) summary');
    await Promise.all([recused.page.waitForURL(at(batch)), recused.page.click('[data-testid="recuse"]')]);
  }
  await recused.goto(dossiers[0]);
  assert.equal(await recused.page.locator('[data-testid="recused"]').count(), 1);
  assert.equal(await recused.page.locator('[data-testid="criterion"]').count(), 0, 'a recused member gets no sheet');

  const totals = [];
  for (const href of dossiers) totals.push(await scoreDossier(chair, href));
  for (const member of ['hoidong.hatinh', 'hoidong2.hatinh']) {
    const s = await openSession(t, { viewport: TABLET });
    await login(s, member);
    for (const href of dossiers) {
      await s.goto(href);
      // Blind until one's own sheet is in.
      assert.equal(await s.page.locator('[data-testid="other-sheet"]').count(), 0);
      assert.equal(await scoreDossier(s, href), totals[dossiers.indexOf(href)], 'the same choices give the same total');
      assert.ok((await s.page.locator('[data-testid="other-sheet"]').count()) >= 1, 'the others show after submitting');
    }
    await s.screenshot(`council-score-${member}`);
  }

  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="close-scoring"]')]);
  assert.equal(norm(await chair.page.locator('[data-testid="batch-status"]').innerText()), 'Đã có kết quả chấm, chờ quyết định công nhận');
  const scores = await chair.page.locator('[data-testid="dossier-score"]').allInnerTexts();
  // Three members gave the same choices: each dossier's result is the total of its sheet.
  assert.deepEqual(scores.map(norm), totals);
  const stars = await chair.page.locator('[data-testid="dossier-star"]').allInnerTexts();
  assert.ok(stars.map(norm).every((star) => /^[1-5]★$/.test(star)), `a star per dossier: ${stars}`);
  const proposedRow = chair.page.locator('[data-testid="batch-dossier"]', { hasText: PROPOSED });
  assert.ok(totals.includes(norm(await proposedRow.locator('[data-testid="dossier-score"]').innerText())), 'the proposed dossier was scored');

  await office.goto(batch);
  const form = office.page.locator('form[action$="/recognise"]');
  await form.locator('input[name="number"]').fill('2150/QĐ-UBND');
  await form.locator('input[name="issuer_name"]').fill('UBND tỉnh Hà Tĩnh');
  await Promise.all([office.page.waitForURL(at(batch)), form.locator('button').click()]);
  assert.equal(norm(await office.page.locator('[data-testid="batch-status"]').innerText()), 'Đã có quyết định công nhận');
  await office.screenshot('council-batch-recognised');
  const [download] = await Promise.all([
    office.page.waitForEvent('download'),
    office.page.click('[data-testid="doc-decision"]'),
  ]);
  assert.equal(download.suggestedFilename(), 'quyet-dinh-phe-duyet-ket-qua.xlsx');
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip archive');
});
