// A round as it happened, through the pages only, on the demo council of Hà Tĩnh, in a batch of
// its own (the council test keeps the demo batch): the province office creates a batch meeting
// today, schedules one eligible dossier and records that the electronic dossiers went out two
// weeks ago; the secretary records the attendance — one member absent — and the chair opens
// scoring; the chair and the two members present score the dossier; the chair closes; the
// secretary writes the minutes and the province issues the recognition decision on the
// dossiers' basis. Then the documents must tell the same story: the minutes (.xlsx and the
// page) print the meeting day and the attendance as recorded, the decision is dated on the
// meeting day, and the minutes, the decision and the certificate's public page carry the
// same score, stars, decision and legal basis. The minutes and decision PDFs download.

import test from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { openSession, norm, url, fillDate } from './lib.mjs';

/** The ISO day (yyyy-mm-dd) a date field shows, whether it reads dd/mm/yyyy or yyyy-mm-dd. */
const isoOf = (value) => (/^\d{4}-/.test(value) ? value : value.split('/').reverse().join('-'));

const PASSWORD = 'ocop-demo-2026';
const TABLET = { width: 820, height: 1180 };
const PHONE = { width: 390, height: 844 };
const ABSENT = 'Phạm Thị Hoa'; // hoidong3.hatinh
const SCORERS = ['chutich.hatinh', 'hoidong.hatinh', 'hoidong2.hatinh'];
const NUMBER = '2190/QĐ-UBND';
const ISSUER = 'UBND tỉnh Hà Tĩnh';

const at = (path) => (u) => u.pathname === path;

async function login(s, username) {
  await s.goto('/login');
  await s.page.fill('input[name="username"]', username);
  await s.page.fill('input[name="password"]', PASSWORD);
  await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith('/login')), s.page.click('form button[type="submit"]')]);
}

const text = async (s, selector) => norm(await s.page.locator(selector).innerText());
const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');
const shiftDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// The files of a zip archive (an .xlsx), by name.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'an .xlsx is a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < entries; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + skip;
  }
  return files;
}

const unescapeXml = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// The rows of the first sheet of an .xlsx, each an array of cell texts (shared or inline strings, numbers).
function sheetRows(buf) {
  const files = unzip(buf);
  const shared = [...(files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const sheet = files.get('xl/worksheets/sheet1.xml').toString('utf8');
  return [...sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const body = c[2] ?? '';
      if (/t="s"/.test(c[1])) return shared[Number(/<v>([^<]*)<\/v>/.exec(body)?.[1])] ?? '';
      if (/t="inlineStr"/.test(c[1])) return unescapeXml([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
      return unescapeXml(/<v>([^<]*)<\/v>/.exec(body)?.[1] ?? '');
    }),
  );
}

async function download(s, path) {
  const resp = await s.page.request.get(url(path));
  assert.equal(resp.status(), 200, `GET ${path}`);
  return { type: resp.headers()['content-type'] ?? '', body: await resp.body() };
}

// Picks, on every criterion, the second-best option on every third and the best elsewhere,
// each click saved by htmx; submits; returns the sheet's total as the page shows it.
async function scoreDossier(s, href) {
  await s.goto(href);
  const criteria = s.page.locator('[data-testid="criterion"]');
  const count = await criteria.count();
  assert.ok(count > 0, `expected the criteria of the dossier's sheet on ${href}`);
  for (let i = 0; i < count; i++) {
    const radios = criteria.nth(i).locator('input[type="radio"]');
    const n = await radios.count();
    const pick = i % 3 === 0 ? Math.max(0, n - 2) : n - 1;
    await Promise.all([s.page.waitForResponse((r) => r.url().endsWith('/answer') && r.status() === 200), radios.nth(pick).check()]);
    await s.page.locator('[data-testid="sheet-answered"]', { hasText: `${i + 1}/${count}` }).waitFor();
  }
  const total = await text(s, '[data-testid="sheet-total"]');
  await Promise.all([s.page.waitForURL(at(href)), s.page.click('[data-testid="submit-sheet"]')]);
  assert.ok((await text(s, '[data-testid="running-total"]')).includes('Đã nộp'), 'the sheet is submitted');
  return total;
}

test('a round with its attendance recorded: the minutes, the decision and the certificate agree', { timeout: 600_000 }, async (t) => {
  // The office creates a batch of the demo council meeting today.
  const office = await openSession(t);
  await login(office, 'tinh.hatinh');
  await office.goto('/batches');
  const create = office.page.locator('form[action="/batches"]');
  const councils = await create.locator('select[name="council_id"] option').allInnerTexts();
  const council = councils.find((c) => c.includes('tỉnh Hà Tĩnh'));
  assert.ok(council, `expected the demo council of Hà Tĩnh; saw ${councils.join(' | ')}`);
  await create.locator('select[name="council_id"]').selectOption({ label: council });
  const name = `Đợt kiểm chứng biên bản ${Date.now()}`;
  await create.locator('input[name="name"]').fill(name);
  // The batch page's forms carry today's date; take it from the server, not this machine.
  const vnToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  await fillDate(create.locator('input[name="starts_on"]'), shiftDays(vnToday, -20));
  await fillDate(create.locator('input[name="ends_on"]'), shiftDays(vnToday, 20));
  await fillDate(create.locator('input[name="meeting_on"]'), vnToday);
  await Promise.all([office.page.waitForURL((u) => /^\/batches\/[0-9a-f-]{36}$/.test(u.pathname)), create.locator('button').click()]);
  const batch = new URL(office.page.url()).pathname;
  const batchId = batch.split('/').pop();
  const sentOn = office.page.locator('form[action$="/send"] input[name="sent_on"]');
  const today = isoOf(await sentOn.inputValue());
  assert.equal(today, vnToday, 'the meeting is today, as the server counts days');
  assert.ok((await text(office, 'main')).includes(`Ngày họp ${ddmmyyyy(today)}`), 'the meeting day shows as dd/mm/yyyy');

  // One eligible dossier (not the Phú Sang one, which the council test proposes), sent two weeks ago.
  const schedule = office.page.locator('form[action$="/schedule"]');
  const options = await schedule.locator('select[name="dossier_id"] option').evaluateAll((os) =>
    os.map((o) => ({ value: o.value, label: o.textContent })),
  );
  const chosen = options.find((o) => !o.label.includes('Phú Sang'));
  assert.ok(chosen, `expected an eligible demo dossier; saw ${options.map((o) => o.label).join(' | ')}`);
  await schedule.locator('select[name="dossier_id"]').selectOption(chosen.value);
  await Promise.all([office.page.waitForURL(at(batch)), schedule.locator('button').click()]);
  assert.equal(await office.page.locator('[data-testid="batch-dossier"]').count(), 1);
  const product = await text(office, '[data-testid="batch-dossier"] td:first-child');
  await sentOn.fill(shiftDays(today, -14));
  await Promise.all([office.page.waitForURL(at(batch)), office.page.click('form[action$="/send"] button')]);

  // The chair cannot open before the secretary records who attends.
  const chair = await openSession(t, { viewport: TABLET });
  await login(chair, 'chutich.hatinh');
  await chair.goto(batch);
  assert.ok((await text(chair, '[data-testid="attendance"]')).includes('Chưa ghi nhận thành phần tham dự'));

  // The secretary, on a phone: everyone present but one member.
  const secretary = await openSession(t, { viewport: PHONE });
  await login(secretary, 'thuky.hatinh');
  await secretary.goto(batch);
  const seats = secretary.page.locator('[data-testid="attendance"] label');
  const seated = await seats.count();
  assert.equal(seated, 5, 'the chair, three members and the secretary');
  const roster = [];
  for (let i = 0; i < seated; i++) {
    const label = norm(await seats.nth(i).innerText()).split(' (')[0];
    const presence = label.startsWith(ABSENT) ? 'absent' : 'present';
    await seats.nth(i).locator('select').selectOption(presence);
    roster.push({ name: label, presence });
  }
  await Promise.all([secretary.page.waitForURL(at(batch)), secretary.page.click('[data-testid="record-attendance"]')]);
  const quorum = await text(secretary, '[data-testid="quorum"]');
  assert.ok(quorum.startsWith('Có mặt 3 /'), `three of four scoring seats present: ${quorum}`);
  await secretary.screenshot('round-attendance-phone');

  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="open-scoring"]')]);
  assert.equal(await text(chair, '[data-testid="batch-status"]'), 'Hội đồng đang chấm điểm');
  const href = await chair.page.locator('[data-testid="score-link"]').getAttribute('href');

  // The member recorded absent gets no sheet to fill, and is told why.
  const absent = await openSession(t, { viewport: TABLET });
  await login(absent, 'hoidong3.hatinh');
  await absent.goto(href);
  assert.equal(await absent.page.locator('[data-testid="absent"]').count(), 1, 'the absent member is told why there is no sheet');
  assert.equal(await absent.page.locator('[data-testid="criterion"]').count(), 0, 'an absent member gets no sheet');

  const totals = [await scoreDossier(chair, href)];
  for (const member of SCORERS.slice(1)) {
    const s = await openSession(t, { viewport: TABLET });
    await login(s, member);
    totals.push(await scoreDossier(s, href));
  }
  assert.ok(totals.every((x) => x === totals[0]), `the same choices give the same total: ${totals.join(', ')}`);

  await chair.goto(batch);
  await Promise.all([chair.page.waitForURL(at(batch)), chair.page.click('[data-testid="close-scoring"]')]);
  assert.equal(await text(chair, '[data-testid="batch-status"]'), 'Đã có kết quả chấm, chờ quyết định công nhận');
  const score = await text(chair, '[data-testid="dossier-score"]');
  const star = await text(chair, '[data-testid="dossier-star"]');
  // A province recognises at most 4★: a result of 90 or more is 4★ and proposed to the ministry.
  const stars = Math.min(Number(star.replace('★', '')), 4);
  assert.equal(Number(score), Number(totals[0]), 'three equal sheets average to the same score');

  // The minutes by the secretary; the decision by the province on the dossiers' basis.
  await secretary.goto(batch);
  const discussion = `Hội đồng họp ngày ${ddmmyyyy(today)}, có mặt 3/4 thành viên chấm điểm; ${product} đạt ${score} điểm.`;
  await secretary.page.fill('form[action$="/minutes"] textarea[name="minutes"]', discussion);
  await Promise.all([secretary.page.waitForURL(at(batch)), secretary.page.click('form[action$="/minutes"] button')]);

  await office.goto(batch);
  const recognise = office.page.locator('form[action$="/recognise"]');
  await recognise.locator('input[name="number"]').fill(NUMBER);
  await recognise.locator('input[name="issuer_name"]').fill(ISSUER);
  const decidedOn = recognise.locator('input[name="decided_on"]');
  assert.equal(isoOf(await decidedOn.inputValue()), today, 'the decision defaults to today');
  assert.equal(await decidedOn.inputValue(), ddmmyyyy(today), 'the day shows as dd/mm/yyyy');
  // A day before the meeting is refused by the server on the field, with what was typed kept.
  await fillDate(decidedOn, shiftDays(today, -1));
  await Promise.all([office.page.waitForURL((u) => u.pathname.endsWith('/recognise')), recognise.locator('button').click()]);
  const refusedOn = office.page.locator('form[action$="/recognise"] input[name="decided_on"]');
  assert.equal(await refusedOn.getAttribute('aria-invalid'), 'true', 'the day before the meeting is refused on its field');
  assert.equal(await refusedOn.inputValue(), ddmmyyyy(shiftDays(today, -1)), 'the typed day is kept');
  assert.equal(await office.page.locator('form[action$="/recognise"] input[name="number"]').inputValue(), NUMBER, 'the number is kept');
  await fillDate(refusedOn, today);
  // The browser logs the refusal's 422 as a failed load: expected here, and only this one.
  const refusal = office.consoleErrors.findIndex((e) => /status of 422 .*\/recognise/.test(e));
  assert.ok(refusal >= 0, `the refusal answered 422: ${office.consoleErrors.join(' | ')}`);
  office.consoleErrors.splice(refusal, 1);
  const basis = await office.page.locator('form[action$="/recognise"] select[name="legal_basis"]').evaluate((sel) => ({ value: sel.value, label: sel.selectedOptions[0].textContent }));
  await Promise.all([office.page.waitForURL(at(batch)), office.page.locator('form[action$="/recognise"] button').click()]);
  assert.equal(await text(office, '[data-testid="batch-status"]'), 'Đã có quyết định công nhận');
  await office.screenshot('round-recognised');

  // The batch page: the decision dated on the meeting day, the attendance as recorded.
  const decisions = await office.page.locator('[data-testid="decision"]').allInnerTexts();
  assert.deepEqual(decisions.map(norm), [`${NUMBER} · ${ddmmyyyy(today)} · ${ISSUER}`]);
  const recorded = norm(await office.page.locator('[data-testid="attendance"]').innerText());
  for (const { name: member, presence } of roster) {
    const label = presence === 'absent' ? 'Vắng mặt' : 'Có mặt';
    assert.match(recorded, new RegExp(`${member} \\([^)]*\\): ${label}`), `the page lists ${member} as ${label}: ${recorded}`);
  }
  assert.ok(recorded.includes('Có mặt 3 /'), `the page counts three present: ${recorded}`);

  // The minutes (.xlsx): the meeting day, each member's presence as recorded, the discussion, the score.
  const minutes = sheetRows((await download(office, `/api/v1/batches/${batchId}/documents/minutes.xlsx`)).body);
  const minutesText = minutes.map((r) => r.join(' | ')).join('\n');
  assert.ok(minutesText.includes(`Ngày họp: ${ddmmyyyy(today)}`), `the minutes carry the meeting day:\n${minutesText}`);
  assert.ok(minutesText.includes(`Ngày gửi hồ sơ điện tử tới thành viên: ${ddmmyyyy(shiftDays(today, -14))}`), minutesText);
  for (const { name: member, presence } of roster) {
    const row = minutes.find((r) => r[0] === member);
    assert.ok(row, `the minutes list ${member}:\n${minutesText}`);
    assert.equal(row[3], presence === 'absent' ? 'Vắng mặt' : 'Có mặt', `${member}'s presence in the minutes`);
  }
  assert.ok(minutesText.includes(discussion), `the minutes carry what the secretary wrote:\n${minutesText}`);
  const minutesRow = minutes.find((r) => r.some((c) => c === product || c.startsWith(product)));
  assert.ok(minutesRow, `the minutes' result table lists ${product}:\n${minutesText}`);
  assert.ok(minutesRow.some((c) => Number(c) === Number(score)), `the minutes carry the score ${score}: ${minutesRow.join(' | ')}`);

  // The decision (.xlsx): its number and date, the same product with the same score.
  const decision = sheetRows((await download(office, `/api/v1/batches/${batchId}/documents/decision.xlsx`)).body);
  const decisionText = decision.map((r) => r.join(' | ')).join('\n');
  assert.ok(decisionText.includes(`${ISSUER} — Quyết định số ${NUMBER} ngày ${ddmmyyyy(today)}`), decisionText);
  const decisionRow = decision.find((r) => r.some((c) => c === product || c.startsWith(product)));
  assert.ok(decisionRow, `the decision lists ${product}:\n${decisionText}`);
  assert.ok(decisionRow.some((c) => Number(c) === Number(score)), `the decision carries the score ${score}: ${decisionRow.join(' | ')}`);
  assert.equal(decisionRow[7], `${stars} sao`, `the decision carries ${stars}★ for ${star}: ${decisionRow.join(' | ')}`);

  // Both PDFs are documents a reader opens.
  for (const doc of ['minutes.pdf', 'decision.pdf']) {
    const pdf = await download(office, `/api/v1/batches/${batchId}/documents/${doc}`);
    assert.ok(pdf.type.includes('application/pdf'), `${doc}: ${pdf.type}`);
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-', `${doc} is a PDF`);
  }

  // The certificate's public page: the same decision, basis, stars and score.
  const api = await office.page.request.get(url(`/api/v1/batches/${batchId}`));
  const productId = (await api.json()).dossiers[0].product_id;
  await office.goto(`/products/${productId}`);
  const check = office.page.locator('[data-testid="product-certificates"] a[href^="/v/"]');
  assert.equal(await check.count(), 1, 'the product page links its new certificate');
  await office.goto(await check.getAttribute('href'));
  assert.equal(await text(office, '[data-testid="decision-number"]'), `${NUMBER} ngày ${ddmmyyyy(today)}`);
  assert.ok((await text(office, '[data-testid="validity"]')).startsWith(ddmmyyyy(today)), 'valid from the decision day');
  const facts = await text(office, 'dl.facts');
  const basisNumber = { qd148: '148', qd26_2026: '26/2026', qd1048: '1048' }[basis.value];
  assert.ok(basisNumber && facts.includes(basisNumber), `the certificate cites the dossiers' basis ${basis.label}: ${facts}`);
  assert.ok(facts.includes(`${stars} sao`), `the certificate carries ${stars}★: ${facts}`);
  const printed = /([\d.,]+)\/100/.exec(facts)?.[1];
  assert.equal(Number(printed?.replace(',', '.')), Number(score), `the certificate carries the score ${score}: ${facts}`);
  await office.screenshot('round-certificate');
});
