// Product search from the home page (public, no login).
//
// Page contract:
//   GET /            <html lang="vi">, <form role="search" action="/products" method="get">
//                    with <input type="search" name="q"> and a submit button.
//   GET /products?q= rows [data-testid="product-row"] whose text includes the
//                    product's place (commune, and district for older units),
//                    and a total [data-testid="result-total"] holding the count.
// Search ignores case and Vietnamese diacritics.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, firstNumber, norm, BASE_URL } from './lib.mjs';

const ROW = '[data-testid="product-row"]';
const TOTAL = '[data-testid="result-total"]';
const PLACE = 'Cẩm Xuyên';

/** Read the results page: rows' texts and the displayed total. */
async function readResults(page, label) {
  const total = page.locator(TOTAL);
  try {
    await total.first().waitFor({ state: 'attached', timeout: 15_000 });
  } catch {
    const body = norm(await page.locator('body').innerText().catch(() => '')).slice(0, 500);
    assert.fail(`${label}: expected an element ${TOTAL} on ${page.url()}, saw none. Page text starts: "${body}"`);
  }
  const totalCount = await total.count();
  assert.equal(totalCount, 1, `${label}: expected exactly one ${TOTAL}, saw ${totalCount}`);
  const totalText = await total.innerText();
  const rows = (await page.locator(ROW).allInnerTexts()).map(norm);
  return { total: firstNumber(totalText), totalText: norm(totalText), rows };
}

test('home page search for "cam xuyen" (no diacritics) lists products in Cẩm Xuyên', { timeout: 90_000 }, async (t) => {
  const s = await openSession(t);
  const { page } = s;

  await s.goto('/');
  const lang = await page.locator('html').getAttribute('lang');
  assert.equal(lang, 'vi', `expected <html lang="vi"> on ${BASE_URL}/, saw lang=${JSON.stringify(lang)}`);

  const form = page.locator('form[role="search"]');
  const forms = await form.count();
  assert.equal(forms, 1, `expected one <form role="search"> on /, saw ${forms}`);
  const action = await form.getAttribute('action');
  assert.equal(
    action && new URL(action, BASE_URL + '/').pathname,
    '/products',
    `expected the search form's action to be /products, saw ${JSON.stringify(action)}`,
  );
  const method = ((await form.getAttribute('method')) || 'get').toLowerCase();
  assert.equal(method, 'get', `expected the search form's method to be get, saw ${JSON.stringify(method)}`);

  const input = form.locator('input[type="search"][name="q"]');
  assert.equal(await input.count(), 1, 'expected one <input type="search" name="q"> inside the search form, saw none or several');
  const submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]');
  assert.ok((await submit.count()) >= 1, 'expected a submit button inside the search form, saw none');

  await input.fill('cam xuyen');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/products', { timeout: 30_000 }),
    submit.first().click(),
  ]);

  const landed = new URL(page.url());
  assert.equal(landed.pathname, '/products', `expected to land on /products, saw ${page.url()}`);
  assert.equal(
    landed.searchParams.get('q'),
    'cam xuyen',
    `expected the query string q=cam+xuyen (or cam%20xuyen), saw ${landed.search}`,
  );

  const { total, totalText, rows } = await readResults(page, 'q=cam xuyen');
  const shot = await s.screenshot('search-cam-xuyen');
  t.diagnostic(`screenshot: ${shot}`);

  assert.ok(rows.length >= 1, `expected at least 1 ${ROW} for "cam xuyen", saw ${rows.length}`);
  assert.ok(
    rows.some((r) => r.includes(PLACE)),
    `expected at least one ${ROW} to contain "${PLACE}"; saw ${rows.length} rows:\n  ${rows.slice(0, 10).join('\n  ')}`,
  );
  assert.ok(
    Number.isFinite(total) && total >= 1,
    `expected ${TOTAL} to show a number >= 1, saw "${totalText}"`,
  );
  assert.ok(
    total >= rows.length,
    `expected the total (${total}) to be at least the number of rows shown (${rows.length})`,
  );
});

test('search ignores case and diacritics: "CẨM XUYÊN" gives the same total as "cam xuyen"', { timeout: 90_000 }, async (t) => {
  const s = await openSession(t);
  const { page } = s;

  await s.goto('/products?q=cam%20xuyen');
  const plain = await readResults(page, 'q=cam xuyen');

  await s.goto('/products?q=C%E1%BA%A8M%20XUY%C3%8AN');
  const upper = await readResults(page, 'q=CẨM XUYÊN');
  await s.screenshot('search-CAM-XUYEN-upper-diacritics');

  assert.ok(
    Number.isFinite(plain.total) && plain.total >= 1,
    `expected ${TOTAL} for "cam xuyen" to show a number >= 1, saw "${plain.totalText}"`,
  );
  assert.equal(
    upper.total,
    plain.total,
    `expected "CẨM XUYÊN" to give the same total as "cam xuyen" (${plain.total}, "${plain.totalText}"), saw ${upper.total} ("${upper.totalText}")`,
  );
  assert.equal(
    upper.rows.length,
    plain.rows.length,
    `expected "CẨM XUYÊN" to show as many rows as "cam xuyen" (${plain.rows.length}), saw ${upper.rows.length}`,
  );
});
