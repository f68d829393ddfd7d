// Opens the message log page in Debian's headless Chromium and checks the list, a detail view, a cancel, the
// Message-ID search, and that a subject holding HTML shows as text and never runs.
// Usage: node messages.mjs <page url> <api key> <subject with html> <message-id to search for>
import { fail, launch, open } from './browser.mjs';

const [url, key, htmlSubject, searchId] = process.argv.slice(2);
const browser = await launch();

try {
  const { page, dialogs, errors } = await open(browser, url);

  await page.fill('#key', key);
  await page.click('#load');
  const row = page.locator('#messages tr', { hasText: htmlSubject });
  await row.first().waitFor({ timeout: 15000 }).catch(() => fail('the scheduled message is not in the list'));
  const cell = (await row.first().locator('td').nth(2).textContent()).trim();
  if (cell !== htmlSubject) fail('the subject cell shows ' + JSON.stringify(cell));
  if (await page.locator('#messages b, #messages img').count() > 0) fail('the subject was parsed as HTML in the list');
  const badge = (await row.first().locator('.badge').textContent()).trim();
  if (badge !== 'scheduled') fail('the badge says ' + badge);

  // The detail view, and cancelling the scheduled message from it.
  await row.first().click();
  await page.waitForSelector('#detail h2', { timeout: 15000 });
  const heading = await page.locator('#detail h2').textContent();
  if (heading !== htmlSubject) fail('the detail heading shows ' + JSON.stringify(heading));
  if (await page.locator('#detail b, #detail img').count() > 0) fail('the subject was parsed as HTML in the detail');
  if (!(await page.locator('#detail', { hasText: 'message.queued' }).count())) fail('the detail lists no events');
  const recipientRows = page.locator('#detail h3:text-is("Recipients") + table tr');
  if (await recipientRows.count() < 2) fail('the detail has no per-recipient table');
  if (!(await recipientRows.nth(1).textContent()).includes('scheduled')) fail('a pending recipient shows its message\'s status');
  await page.click('#cancel');
  await page.waitForFunction(() => document.querySelector('#detail .badge')?.textContent === 'cancelled', null,
    { timeout: 15000 }).catch(() => fail('the detail never showed the message cancelled'));
  if (!(await page.locator('#detail', { hasText: 'message.cancelled' }).count())) fail('no message.cancelled event');
  await page.waitForFunction((s) => [...document.querySelectorAll('#messages tr')].some((tr) =>
    tr.textContent.includes(s) && tr.querySelector('.badge')?.textContent === 'cancelled'), htmlSubject,
  { timeout: 15000 }).catch(() => fail('the list never showed the message cancelled'));

  // Search by Message-ID, without the angle brackets as a person might paste it.
  await page.fill('#search', searchId.replace(/^<|>$/g, ''));
  await page.press('#search', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#messages tr').length === 1, null, { timeout: 15000 })
    .catch(() => fail('the search did not narrow the list to one message'));
  await page.locator('#messages tr').first().click();
  await page.waitForFunction((id) => document.getElementById('detail').textContent.includes(id), searchId,
    { timeout: 15000 }).catch(() => fail('the found message\'s detail does not show its Message-ID'));
  if (!(await page.locator('#detail', { hasText: 'Attempts' }).count())) fail('no attempts table');

  await page.waitForTimeout(300);
  if (dialogs.length) fail('a script ran: dialogs ' + JSON.stringify(dialogs));
  if (errors.length) fail('page errors: ' + errors.join('; '));
  console.log('OK: message log listed, searched, showed and cancelled; HTML in a subject stayed text');
} finally {
  await browser.close();
}
