// The self-assessment saves each answer as it is chosen (issue 13: a producer lost 10 of 31
// answers by navigating away). The demo's only producer account (Phú Sang) has no dossier it may
// still edit, so the province officer of Hà Tĩnh, who prepares dossiers of its area on the
// producer's behalf through the same form, opens a draft: chooses answers, leaves the page
// without pressing "Lưu" and finds them again; with the connection cut the answers say
// "Chưa lưu", are kept on the device and are sent when it returns.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openSession, login, norm } from './lib.mjs';

const TABLET = { width: 820, height: 1180 };

/** The path of the producer's first dossier it may still edit (draft or returned). */
async function editableDossier(s) {
  await s.goto('/dossiers?state=draft,returned_by_commune,returned');
  const link = s.page.locator('[data-testid="dossier-list"] a[href^="/dossiers/"]').first();
  await link.waitFor();
  return await link.getAttribute('href');
}

const criteria = (s) => s.page.locator('[data-testid="self-criterion"]');
const saveState = (s, i) => criteria(s).nth(i).locator('[data-testid="save-state"]');

/** Chooses, in criterion `i`, an option other than the one shown; returns its value. */
async function chooseAnother(s, i) {
  const select = criteria(s).nth(i).locator('select');
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v !== ''));
  const current = await select.inputValue();
  const next = values.find((v) => v !== current);
  await select.selectOption(next);
  return next;
}

test('self-assessment answers are saved as they are chosen and survive leaving the page', { timeout: 120_000 }, async (t) => {
  const producer = await openSession(t, { viewport: TABLET });
  await login(producer, 'tinh.hatinh');
  const href = await editableDossier(producer);
  await producer.goto(href);
  const count = await criteria(producer).count();
  assert.ok(count >= 3, `the self-assessment lists its criteria (${count})`);

  const chosen = [];
  for (const i of [0, 1, 2]) {
    const [response] = await Promise.all([
      producer.page.waitForResponse((r) => r.url().endsWith('/self-assessment/answer')),
      chooseAnother(producer, i).then((v) => chosen.push(v)),
    ]);
    assert.equal(response.status(), 200, `answer ${i + 1} saved (HTTP ${response.status()})`);
    await saveState(producer, i).filter({ hasText: 'Đã lưu' }).waitFor();
  }
  const total = norm(await producer.page.locator('[data-testid="self-answered"]').innerText());
  await producer.screenshot('self-assessment-saved');

  // Away and back, without pressing "Lưu tự đánh giá": the answers are there.
  await producer.goto('/dossiers');
  await producer.goto(href);
  for (const i of [0, 1, 2]) {
    const value = await criteria(producer).nth(i).locator('select').inputValue();
    assert.equal(value, chosen[i], `criterion ${i + 1} kept its answer after leaving the page (saw ${value})`);
  }
  assert.equal(norm(await producer.page.locator('[data-testid="self-answered"]').innerText()), total, 'the total counts them');
  const left = await producer.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ocop-self:')).length);
  assert.equal(left, 0, 'nothing waits on the device');
});

test('self-assessment answers chosen offline are kept and sent when the connection returns', { timeout: 120_000 }, async (t) => {
  // Failed fetches while offline are logged by the browser; they are the point of the test.
  const producer = await openSession(t, { viewport: TABLET, allowConsoleErrors: true });
  await login(producer, 'tinh.hatinh');
  const href = await editableDossier(producer);
  await producer.goto(href);
  const summary = producer.page.locator('[data-testid="save-summary"]');
  assert.equal(await summary.isVisible(), false, 'no summary while everything is saved');

  await producer.context.setOffline(true);
  const chosen = [await chooseAnother(producer, 3), await chooseAnother(producer, 4)];
  await saveState(producer, 3).filter({ hasText: 'Chưa lưu' }).waitFor();
  await saveState(producer, 4).filter({ hasText: 'Chưa lưu' }).waitFor();
  await summary.filter({ hasText: '2 câu trả lời chưa lưu' }).waitFor();
  const kept = await producer.page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('ocop-self:'))
      .map((k) => JSON.parse(localStorage.getItem(k)).length),
  );
  assert.deepEqual(kept, [2], 'two answers kept on the device');
  await producer.screenshot('self-assessment-offline');

  await producer.context.setOffline(false);
  await saveState(producer, 3).filter({ hasText: 'Đã lưu' }).waitFor({ timeout: 30_000 });
  await saveState(producer, 4).filter({ hasText: 'Đã lưu' }).waitFor({ timeout: 30_000 });
  await summary.waitFor({ state: 'hidden' });

  await producer.goto(href);
  for (const [n, i] of [3, 4].entries()) {
    const value = await criteria(producer).nth(i).locator('select').inputValue();
    assert.equal(value, chosen[n], `criterion ${i + 1} saved on the server after reconnecting (saw ${value})`);
  }
  const left = await producer.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ocop-self:')).length);
  assert.equal(left, 0, 'nothing left waiting on the device');
  await producer.screenshot('self-assessment-restored');
});
