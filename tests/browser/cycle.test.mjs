// The cycle before the dossier on a phone, through the pages only: the Phú Sang producer
// registers a product idea, the commune officer of Thiên Cầm returns it with a reason, the
// producer supplements and resubmits it and the commune accepts it; the producer then drafts
// the business plan from the idea — adding and removing budget lines with htmx, the total
// computed by the server — submits it and the commune approves it. Every page shows each step
// with who acted.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, norm } from './lib.mjs';

const PASSWORD = 'ocop-demo-2026';
const PHONE = { width: 390, height: 844 };
const IDEA = 'Nước mắm Phú Sang pha sẵn chai 250 ml';

async function login(s, username) {
  await s.goto('/login');
  await s.page.fill('input[name="username"]', username);
  await s.page.fill('input[name="password"]', PASSWORD);
  await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith('/login')), s.page.click('form button[type="submit"]')]);
}

const text = async (s, testid) => norm(await s.page.locator(`[data-testid="${testid}"]`).innerText());

test('a producer lands on its own work, with a one-line menu, on a phone', { timeout: 120_000 }, async (t) => {
  const producer = await openSession(t, { viewport: PHONE });
  await login(producer, 'chuthe.phusang');
  assert.equal(new URL(producer.page.url()).pathname, '/', 'login leads home');
  await producer.page.locator('[data-testid="work-home"]').waitFor();
  // Its products, its dossiers and its certificates — not the public front page.
  assert.ok((await producer.page.locator('[data-testid="home-product"]').count()) > 0, 'its products are listed');
  await producer.page.locator('[data-testid="home-certificates"]').waitFor();
  assert.equal(await producer.page.locator('[data-testid="count-products"]').count(), 0, 'no national figures');
  // The menu folds behind one button: the header is one line and the page never overflows.
  const header = await producer.page.locator('body > header').boundingBox();
  assert.ok(header.height < 90, `the header is one line at 390 px (${header.height} px)`);
  const overflow = await producer.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (${overflow} px)`);
  assert.equal(await producer.page.locator('[data-testid="nav-dossiers"]').isVisible(), false, 'menu folded');
  await producer.screenshot('producer-home-phone');
  await producer.page.click('[data-testid="menu-button"]');
  assert.ok(await producer.page.locator('[data-testid="nav-dossiers"]').isVisible(), 'menu opens');
  assert.equal(await producer.page.locator('[data-testid="nav-batches"]').count(), 0, 'no page the producer cannot open');
  assert.equal(await producer.page.locator('[data-testid="nav-audit"]').count(), 0, 'no page the producer cannot open');
  await producer.screenshot('producer-home-menu-phone');
  // "My products" holds only its own.
  await producer.goto('/products');
  await producer.page.locator('[data-testid="own-products-note"]').waitFor();
  const total = Number(await text(producer, 'result-total'));
  assert.ok(total > 0 && total < 20, `only its own products, not the country's (${total})`);
});

test('an idea is returned, resubmitted and accepted, and its business plan approved, on a phone', { timeout: 300_000 }, async (t) => {
  const producer = await openSession(t, { viewport: PHONE });
  await login(producer, 'chuthe.phusang');
  await producer.goto('/ideas');
  await Promise.all([producer.page.waitForURL((u) => u.pathname === '/ideas/new'), producer.page.click('[data-testid="new-idea"]')]);
  const form = producer.page.locator('[data-testid="idea-form"]');
  await form.locator('input[name="product_name"]').fill(IDEA);
  await form.locator('textarea[name="description"]').fill('Nước mắm pha sẵn cho bữa ăn gia đình');
  await producer.screenshot('cycle-idea-form-phone');
  await Promise.all([producer.page.waitForURL((u) => /^\/ideas\/[0-9a-f-]{36}$/.test(u.pathname)), producer.page.click('[data-testid="submit-idea"]')]);
  const idea = new URL(producer.page.url()).pathname;
  assert.equal(await text(producer, 'idea-state'), 'Chờ xã trả lời');
  assert.match(await text(producer, 'idea-due'), /^\d{2}\/\d{2}\/\d{4}$/, 'the deadline shows as dd/mm/yyyy');

  const commune = await openSession(t, { viewport: PHONE });
  await login(commune, 'xa.thiencam');
  await commune.goto(idea);
  await commune.page.locator('[data-testid="return-form"] textarea[name="reason"]').fill('Cần nêu nguồn cá cơm và sản lượng dự kiến');
  await Promise.all([commune.page.waitForURL((u) => u.pathname === idea), commune.page.click('[data-testid="return"]')]);
  assert.equal(await text(commune, 'idea-state'), 'Bị trả lại');

  await producer.goto(idea);
  assert.equal(await text(producer, 'idea-reason'), 'Cần nêu nguồn cá cơm và sản lượng dự kiến');
  await producer.page
    .locator('[data-testid="resubmit-form"] textarea[name="description"]')
    .fill('Nước mắm pha sẵn từ cá cơm Cửa Nhượng; 20.000 chai mỗi năm');
  await Promise.all([producer.page.waitForURL((u) => u.pathname === idea), producer.page.click('[data-testid="resubmit"]')]);
  assert.equal(await text(producer, 'idea-state'), 'Chờ xã trả lời');

  await commune.goto(idea);
  await Promise.all([commune.page.waitForURL((u) => u.pathname === idea), commune.page.click('[data-testid="accept"]')]);
  assert.equal(await text(commune, 'idea-state'), 'Được chấp nhận');
  const steps = await commune.page.locator('[data-testid="step"]').allInnerTexts();
  assert.equal(steps.length, 4, `expected submit, return, resubmit and accept; saw ${steps.map(norm).join(' | ')}`);
  assert.ok(norm(steps[1]).includes('xa.thiencam') && norm(steps[2]).includes('chuthe.phusang'), 'each step names who acted');
  await commune.screenshot('cycle-idea-steps-phone');

  // The plan: two lines, one more added and removed with htmx (no page load), the total from the server.
  await producer.goto(idea);
  await Promise.all([producer.page.waitForURL((u) => u.pathname === '/business-plans/new'), producer.page.click('[data-testid="plan-from-idea"]')]);
  const page = producer.page;
  await page.fill('input[name="line_0_item"]', 'Dây chuyền chiết rót');
  await page.fill('input[name="line_0_amount"]', '250.000.000');
  await page.selectOption('select[name="line_0_funding"]', 'support');
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/business-plans/new') && r.status() === 200), page.click('[data-testid="add-line"]')]);
  await page.locator('[data-testid="budget-line"]').nth(1).waitFor();
  assert.equal(new URL(page.url()).pathname, '/business-plans/new', 'htmx swapped the budget in place');
  assert.equal(await page.inputValue('input[name="line_0_amount"]'), '250.000.000', 'what was typed stays');
  await page.fill('input[name="line_1_item"]', 'Chai và nhãn');
  await page.fill('input[name="line_1_amount"]', '50.000.000');
  await page.locator('input[name="line_1_amount"]').blur();
  await page.locator('[data-testid="budget-total"]', { hasText: '300.000.000 đ' }).waitFor();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/business-plans/new')), page.click('[data-testid="add-line"]')]);
  await page.locator('[data-testid="budget-line"]').nth(2).waitFor();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/business-plans/new')), page.locator('[data-testid="remove-line"]').nth(2).click()]);
  await page.locator('[data-testid="budget-line"]').nth(2).waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid="budget-line"]').count(), 2);
  await producer.screenshot('cycle-plan-form-phone');
  await Promise.all([page.waitForURL((u) => /^\/business-plans\/[0-9a-f-]{36}$/.test(u.pathname)), page.click('[data-testid="save-plan"]')]);
  const plan = new URL(page.url()).pathname;
  assert.equal(await text(producer, 'plan-state'), 'Nháp');
  assert.ok((await text(producer, 'plan-total')).includes('300.000.000 đ'));
  await Promise.all([page.waitForURL((u) => u.pathname === plan), page.click('[data-testid="submit-plan"]')]);
  assert.equal(await text(producer, 'plan-state'), 'Chờ xã trả lời');
  assert.match(await text(producer, 'plan-due'), /^\d{2}\/\d{2}\/\d{4}$/);

  await commune.goto(plan);
  await Promise.all([commune.page.waitForURL((u) => u.pathname === plan), commune.page.click('[data-testid="approve"]')]);
  assert.equal(await text(commune, 'plan-state'), 'Được phê duyệt');
  assert.equal(await commune.page.locator('[data-testid="step"]').count(), 3, 'create, submit, approve');
  await commune.screenshot('cycle-plan-approved-phone');
});
