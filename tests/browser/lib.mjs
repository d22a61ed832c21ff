// Shared helpers for the browser tests (node:test + playwright-core).
//
// Environment:
//   OCOP_BASE_URL   server under test (default http://127.0.0.1:8080)
//   OCOP_CHROMIUM   chromium binary (default /usr/bin/chromium)
//   OCOP_HEADFUL=1  show the browser window (needs a display)
//   OCOP_SKIP_AXE=1 skip the axe-core check (to follow a test's flow while
//                   fixing; never in CI)
//   OCOP_SCREENSHOT_PREFIX  prefix for screenshot file names (scripts/test.sh
//                   sets it to the database name, e.g. "sqlite-")
//
// Every page opened through openSession() is watched: a request to any
// origin other than OCOP_BASE_URL's is blocked and fails the test, and
// console errors / uncaught page errors fail it too (see session.assertClean,
// which openSession registers to run when the test ends).
//
// Every page reached through session.goto() is also checked with axe-core
// (checkAccessibility): a serious or critical violation fails the test with
// the rule, its impact, the element and axe's help text.

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
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

const AXE_SOURCE = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource;
// Pages axe-core is checking right now (their CSP reports are axe's, not the page's).
const axeRunning = new Set();

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
    // axe-core sets inline styles while it measures; the page's CSP (rightly) blocks them.
    if (axeRunning.has(page) && msg.text().startsWith('Applying inline style violates')) return;
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

    /**
     * Navigate to a server path, insist on HTTP 200 and check the page with
     * axe-core (pass `{ axe: false }` to skip the check, e.g. for a download).
     */
    async goto(p, { axe = true } = {}) {
      const target = url(p);
      const resp = await page.goto(target, { waitUntil: 'load' });
      assert.ok(resp, `expected a response for GET ${target}, saw none`);
      assert.equal(resp.status(), 200, `expected HTTP 200 for GET ${target}, saw ${resp.status()}`);
      if (axe) await checkAccessibility(page, `GET ${p}`);
      return resp;
    },

    /** Checks the page as it is now with axe-core (after a form post, an htmx swap…). */
    async checkAccessibility(label) {
      await checkAccessibility(page, label || new URL(page.url()).pathname);
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

  // node:test runs t.after hooks even when the test body threw, but a hook that
  // throws stops the ones after it: one hook per test closes every session of
  // the test first (or a browser left open keeps node running), then checks
  // each; if the body already failed, its error is the one shown.
  if (!sessionsOf.has(t)) {
    sessionsOf.set(t, []);
    t.after(async () => {
      const sessions = sessionsOf.get(t);
      await Promise.all(sessions.map((s) => s.close()));
      for (const s of sessions) s.assertClean();
    });
  }
  sessionsOf.get(t).push(session);
  return session;
}

// The sessions each test opened.
const sessionsOf = new WeakMap();

/**
 * Runs axe-core on the current page and fails with a readable list of its
 * serious and critical violations (rule id, impact, element, help). The
 * minor and moderate ones are left to review; they do not fail a test.
 */
export async function checkAccessibility(page, label) {
  if (process.env.OCOP_SKIP_AXE === '1') return;
  axeSource ??= await readFile(AXE_SOURCE, 'utf8');
  let violations;
  axeRunning.add(page);
  try {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      await page.evaluate(axeSource);
    }
    violations = await runAxe(page);
    // Console reports arrive after the evaluation that caused them.
    await page.waitForTimeout(100);
  } finally {
    axeRunning.delete(page);
  }
  const lines = violations.flatMap((v) =>
    v.targets.slice(0, 5).map((target) => `${v.id} (${v.impact}) at ${target}: ${v.help}`).concat(
      v.targets.length > 5 ? [`${v.id}: … and ${v.targets.length - 5} more elements`] : [],
    ),
  );
  assert.deepEqual(lines, [], `expected no serious or critical accessibility violations on ${label}; axe-core saw:\n  ${lines.join('\n  ')}`);
}

/** axe-core's serious and critical violations on the page as it is now. */
function runAxe(page) {
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}

/** Types an ISO day (yyyy-mm-dd) into a date field, whatever its type. */
export async function fillDate(locator, iso) {
  const type = await locator.getAttribute('type');
  if (type === 'date') return locator.fill(iso);
  const [y, m, d] = iso.split('-');
  return locator.fill(`${d}/${m}/${y}`);
}

/** The ISO day (yyyy-mm-dd) a date field holds, whether it shows yyyy-mm-dd or dd/mm/yyyy. */
export async function dateValue(locator) {
  const v = (await locator.inputValue()).trim();
  const m = v.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
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
