// Opens the suppression list page in Debian's headless Chromium: adds an address (its note holding HTML shows as
// text), finds it by the start of its address, removes it; then the message log shows a recipient the queue dropped
// because it was suppressed. Usage: node suppressions.mjs <page url> <api key> <message log url> <message-id>
import { fail, launch, open } from './browser.mjs';

const [url, key, logUrl, messageId] = process.argv.slice(2);
const browser = await launch();

try {
  const { page, dialogs, errors } = await open(browser, url);
  await page.fill('#key', key);
  await page.click('#load');

  const address = 'Page.Test.' + Date.now() + '@Example.com';
  const note = '<b>bold</b><img src=x onerror=alert(1)> 退订';
  await page.fill('#address', address);
  await page.selectOption('#add-reason', 'unsubscribe');
  await page.fill('#note', note);
  await page.click('#add-button');
  const row = page.locator('#entries tr', { hasText: address });
  await row.first().waitFor({ timeout: 15000 }).catch(() => fail('the added address is not in the list'));
  const cells = await row.first().locator('td').allTextContents();
  if (cells[1].trim() !== 'unsubscribe') fail('the reason shows ' + JSON.stringify(cells[1]));
  if (cells[2] !== note) fail('the note shows ' + JSON.stringify(cells[2]));
  if (await page.locator('#entries b, #entries img').count() > 0) fail('the note was parsed as HTML');

  // Search by the start of the address, in another case: only it is left.
  await page.fill('#search', address.slice(0, 12).toUpperCase());
  await page.press('#search', 'Enter');
  await page.waitForFunction((a) => {
    const rows = [...document.querySelectorAll('#entries tr')];
    return rows.length >= 1 && rows.every((tr) => tr.dataset.address.toLowerCase().startsWith(a));
  }, address.slice(0, 12).toLowerCase(), { timeout: 15000 }).catch(() => fail('the search did not narrow the list'));

  await row.first().locator('button.remove').click();
  await page.waitForFunction((a) => ![...document.querySelectorAll('#entries tr')].some((tr) => tr.dataset.address === a),
    address, { timeout: 15000 }).catch(() => fail('the removed address is still listed'));
  if (!(await page.locator('#notice', { hasText: 'is off the list' }).count())) fail('no notice of the removal');

  // The message log marks the recipient the queue dropped.
  await page.goto(logUrl);
  await page.fill('#key', key);
  await page.fill('#search', messageId);
  await page.press('#search', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#messages tr').length === 1, null, { timeout: 15000 })
    .catch(() => fail('the message is not found in the log'));
  await page.locator('#messages tr').first().click();
  await page.waitForFunction(() => document.getElementById('detail').textContent.includes('(suppressed)'), null,
    { timeout: 15000 }).catch(() => fail('the detail does not mark the suppressed recipient'));
  if (!(await page.locator('#detail', { hasText: 'message.suppressed' }).count())) fail('no message.suppressed event');

  await page.waitForTimeout(300);
  if (dialogs.length) fail('a script ran: dialogs ' + JSON.stringify(dialogs));
  if (errors.length) fail('page errors: ' + errors.join('; '));
  console.log('OK: suppression list added, searched and removed; the log marks a suppressed recipient');
} finally {
  await browser.close();
}
