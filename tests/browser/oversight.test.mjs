// Oversight after the star (hậu kiểm), through the pages only: a consumer reports a suspected
// fake on a Hà Tĩnh certificate's public page; the province office finds the case on /oversight,
// plans an inspection from it, records the inspection (carried out twenty days ago) with a
// finding of one working day — so its last day has passed —, proposes the suspension the rule
// calls for and decides it as the issuing province; the public page then says the certificate
// is suspended. Days are taken from the server (Vietnam time), never from this machine.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm, url, fillDate } from './lib.mjs';

const PASSWORD = 'ocop-demo-2026';
const PHONE = { width: 390, height: 844 };

async function login(s, username) {
  await s.goto('/login');
  await s.page.fill('input[name="username"]', username);
  await s.page.fill('input[name="password"]', PASSWORD);
  await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith('/login')), s.page.click('form button[type="submit"]')]);
}

const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');
const shiftDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test('a fake report becomes a case, an inspection, a finding past its deadline, a suspension and a changed public page', { timeout: 180_000 }, async (t) => {
  const office = await openSession(t);
  await login(office, 'tinh.hatinh');
  // A valid certificate of the province of Hà Tĩnh whose case, if it has one already (the
  // demo's fake reports), has no inspection yet: the consumer's report joins that case.
  const cases = await (await office.page.request.get(url('/api/v1/oversight/cases'))).json();
  const taken = new Set(cases.filter((c) => c.status !== 'open' || c.inspection_id).map((c) => c.verification_code));
  const withCase = new Set(cases.map((c) => c.verification_code));
  const register = await (await fetch(url('/api/v1/open-data/certificates.json'))).json();
  const candidates = register.filter(
    (r) => r.status === 'valid' && r.issuer_level === 'province' && r.province.includes('Hà Tĩnh') && !taken.has(r.verification_path.split('/').pop()),
  );
  // Prefer a certificate no case is about.
  candidates.sort((a, b) => withCase.has(a.verification_path.split('/').pop()) - withCase.has(b.verification_path.split('/').pop()));
  const row = candidates[0];
  assert.ok(row, 'the demo holds a valid Hà Tĩnh certificate whose case (if any) is not inspected yet');
  const code = row.verification_path.split('/').pop();

  // The consumer, on a phone, reports it.
  const consumer = await openSession(t, { viewport: PHONE });
  await consumer.goto(row.verification_path);
  await consumer.page.fill('textarea[name="message"]', 'Tem OCOP in mờ, số giấy chứng nhận khác trên bao bì');
  await consumer.page.fill('input[name="contact"]', '0912345678');
  await Promise.all([consumer.page.waitForLoadState('load'), consumer.page.click('form[action*="/report"] button[type="submit"]')]);
  assert.equal(await consumer.page.locator('[data-testid="report-sent"]').count(), 1, 'the consumer is thanked');

  // The office sees the case and plans an inspection from it.
  const today = (await (await office.page.request.get(url('/api/v1/oversight/worklist'))).json()).as_of;
  await office.goto('/oversight');
  const caseRow = office.page.locator('[data-testid="case"]', { hasText: row.product_name }).filter({ has: office.page.locator('[data-testid="inspect-form"]') });
  assert.equal(await caseRow.count(), 1, `one open case of ${row.product_name} with an inspection form`);
  const inspect = caseRow.locator('[data-testid="inspect-form"]');
  await inspect.locator('select[name="lead_agency"]').selectOption('market_surveillance');
  await fillDate(inspect.locator('input[name="planned_on"]'), today);
  await Promise.all([
    office.page.waitForURL((u) => u.pathname.startsWith('/oversight/inspections/')),
    inspect.locator('button[type="submit"]').click(),
  ]);
  const inspectionPath = new URL(office.page.url()).pathname;

  // The record: carried out twenty days ago.
  const record = office.page.locator('[data-testid="record-form"]');
  assert.equal(await record.locator('input[name="carried_out_on"]').inputValue(), ddmmyyyy(today), 'the record defaults to today, dd/mm/yyyy');
  await fillDate(record.locator('input[name="carried_out_on"]'), shiftDays(today, -20));
  await record.locator('input[name="place"]').fill('Cơ sở sản xuất, xã Cẩm Xuyên');
  await record.locator('textarea[name="team"]').fill('Đội Quản lý thị trường số 3\nSở Công Thương');
  await record.locator('input[name="lead_name"]').fill('Trần Văn Bình');
  await record.locator('textarea[name="checked"]').fill('Tem, nhãn và lô hàng tại cơ sở');
  await Promise.all([office.page.waitForURL((u) => u.pathname === inspectionPath), record.locator('button[type="submit"]').click()]);
  assert.equal(await office.page.locator('[data-testid="inspection"]').getAttribute('data-status'), 'recorded');

  // A finding of one working day from twenty days ago: past its last day.
  const finding = office.page.locator('[data-testid="finding-form"]');
  await finding.locator('select[name="kind"]').selectOption('label');
  await finding.locator('select[name="severity"]').selectOption('major');
  await finding.locator('textarea[name="description"]').fill('Tem in sai số giấy chứng nhận');
  await finding.locator('textarea[name="remedy_required"]').fill('Thu hồi tem sai, in lại tem đúng');
  await finding.locator('input[name="working_days"]').fill('1');
  await Promise.all([office.page.waitForURL((u) => u.pathname === inspectionPath), finding.locator('button[type="submit"]').click()]);
  const section = office.page.locator('[data-testid="finding"]');
  assert.equal(await section.count(), 1);
  assert.equal(await section.locator('[data-testid="past-deadline"]').count(), 1, 'the finding is past its deadline');

  // The office proposes the suspension; the province, which issued the certificate, decides it.
  await Promise.all([office.page.waitForURL((u) => u.pathname === inspectionPath), section.locator('[data-testid="propose-form"] button').click()]);
  assert.equal(await office.page.locator('[data-testid="finding"]').getAttribute('data-status'), 'proposed');
  const decide = office.page.locator('[data-testid="decide-form"]');
  await decide.locator('select[name="accept"]').selectOption('yes');
  await decide.locator('input[name="note"]').fill('Tạm đình chỉ đến khi cơ sở khắc phục tem nhãn');
  await Promise.all([office.page.waitForURL((u) => u.pathname === inspectionPath), decide.locator('button[type="submit"]').click()]);
  assert.equal(await office.page.locator('[data-testid="finding"]').getAttribute('data-status'), 'decided');
  const shot = await office.screenshot('oversight-decided');
  t.diagnostic(`screenshot: ${shot}`);

  // The public page says so.
  await consumer.goto(`/v/${code}`);
  const banner = consumer.page.locator('[data-testid="status-banner"]');
  assert.equal(await banner.getAttribute('data-status'), 'suspended', `the banner: ${norm(await banner.innerText())}`);
  assert.ok(norm(await consumer.page.locator('main').innerText()).includes(`Tạm đình chỉ từ ${ddmmyyyy(today)}`), 'the suspension day shows');
});
