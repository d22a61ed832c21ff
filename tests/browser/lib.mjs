// Shared helpers for the browser tests (node:test + playwright-core).
//
// Environment:
//   OCOP_BASE_URL   server under test (default http://127.0.0.1:8080)
//   OCOP_CHROMIUM   chromium binary (default /usr/bin/chromium)
//   OCOP_HEADFUL=1  show the browser window (needs a display)
//   OCOP_SCREENSHOT_PREFIX  prefix for screenshot file names (scripts/test.sh
//                   sets it to the database name, e.g. "sqlite-")
//
// Every page opened through openSession() is watched: a request to any
// origin other than OCOP_BASE_URL's is blocked and fails the test, and
// console errors / uncaught page errors fail it too (see session.assertClean,
// which openSession registers to run when the test ends).

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.OCOP_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const BASE_ORIGIN = new URL(BASE_URL).origin;
export const CHROMIUM = process.env.OCOP_CHROMIUM || '/usr/bin/chromium';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Absolute URL for a path on the server under test. */
export function url(p) {
  return new URL(p, BASE_URL + '/').toString();
}

/**
 * Launch chromium with a fresh profile and open one page.
 * Closes everything when the test `t` ends, after checking that the page
 * stayed on the server's origin and logged no errors.
 *
 * Options: { allowConsoleErrors: false, viewport: {width, height} }
 */
export async function openSession(t, options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM} (install the Debian package "chromium" or set OCOP_CHROMIUM)`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'ocop-chromium-'));
  const headful = process.env.OCOP_HEADFUL === '1';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: !headful,
    args: headful ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : CHROMIUM_ARGS,
    viewport: options.viewport || { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });

  const foreignRequests = [];
  const consoleErrors = [];
  const pageErrors = [];

  // Block (and remember) anything that leaves the server's origin. The
  // request listener also sees requests that bypass routing (e.g. some
  // service-worker or preload paths); each URL is reported once.
  const seenForeign = new Set();
  const noteForeign = (req) => {
    const u = req.url();
    if (isSameOrigin(u) || seenForeign.has(u)) return;
    seenForeign.add(u);
    foreignRequests.push(`${req.method()} ${u}`);
  };
  await context.route('**/*', (route) => {
    if (isSameOrigin(route.request().url())) return route.continue();
    noteForeign(route.request());
    return route.abort('blockedbyclient');
  });
  context.on('request', noteForeign);

  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      consoleErrors.push(`${msg.text()}${loc && loc.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));

  const session = {
    context,
    page,
    foreignRequests,
    consoleErrors,
    pageErrors,

    /** Navigate to a server path and insist on HTTP 200. */
    async goto(p) {
      const target = url(p);
      const resp = await page.goto(target, { waitUntil: 'load' });
      assert.ok(resp, `expected a response for GET ${target}, saw none`);
      assert.equal(resp.status(), 200, `expected HTTP 200 for GET ${target}, saw ${resp.status()}`);
      return resp;
    },

    /** Full-page screenshot into target/browser-screenshots/<name>.png. */
    async screenshot(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const prefix = process.env.OCOP_SCREENSHOT_PREFIX || '';
      const file = path.join(SCREENSHOT_DIR, `${(prefix + name).replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },

    /** Fail if the page left the origin or logged errors. */
    assertClean() {
      assert.deepEqual(
        foreignRequests,
        [],
        `expected no requests outside ${BASE_ORIGIN}; saw:\n  ${foreignRequests.join('\n  ')}`,
      );
      assert.deepEqual(pageErrors, [], `expected no uncaught page errors; saw:\n  ${pageErrors.join('\n  ')}`);
      if (!options.allowConsoleErrors) {
        assert.deepEqual(consoleErrors, [], `expected no console errors; saw:\n  ${consoleErrors.join('\n  ')}`);
      }
    },

    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };

  // node:test runs t.after hooks even when the test body threw. The clean
  // check runs first; if the body already failed, its error is the one shown.
  t.after(async () => {
    try {
      session.assertClean();
    } finally {
      await session.close();
    }
  });
  return session;
}

function isSameOrigin(u) {
  if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return true;
  try {
    return new URL(u).origin === BASE_ORIGIN;
  } catch {
    return false;
  }
}

/** Unicode-normalised text (NFC), whitespace collapsed. */
export function norm(s) {
  return String(s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The first number in a text such as "12 sản phẩm", "Tổng: 1.234" or "1 234".
 * Returns NaN when there is none.
 */
export function firstNumber(text) {
  const m = norm(text).match(/\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+/);
  return m ? Number(m[0].replace(/[^\d]/g, '')) : NaN;
}

/** The password of every demo account (`ocop_service::demo::DEMO_PASSWORD`). */
export const DEMO_PASSWORD = 'ocop-demo-2026';

/** Logs `username` in with the demo password through the login form. */
export async function login(s, username) {
  await s.goto('/login');
  await s.page.fill('input[name="username"]', username);
  await s.page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith('/login')), s.page.click('form button[type="submit"]')]);
}

/** The path of the demo's planned batch "Đợt 2 năm 2026", from the batch list. */
export async function batchPath(s) {
  await s.goto('/batches');
  const link = s.page.locator('[data-testid="batch-row"] a', { hasText: 'Đợt 2 năm 2026' });
  assert.equal(await link.count(), 1, 'expected the demo batch "Đợt 2 năm 2026"');
  return await link.getAttribute('href');
}

/** Types an ISO day (yyyy-mm-dd) into a date field, whatever its type. */
export async function fillDate(locator, iso) {
  const type = await locator.getAttribute('type');
  if (type === 'date') return locator.fill(iso);
  const [y, m, d] = iso.split('-');
  return locator.fill(`${d}/${m}/${y}`);
}
