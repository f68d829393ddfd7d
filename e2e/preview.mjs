// Opens the template preview page in Debian's headless Chromium, renders a template whose data carries script,
// and checks what the sandboxed iframe shows; then a user's own template, with its origin, locales and inline image.
// Usage: node preview.mjs <page url> [api key] [user template name]
import { fail, launch, open } from './browser.mjs';

const [url, key, own] = process.argv.slice(2);
const browser = await launch();

try {
  const { page, dialogs, errors } = await open(browser, url);

  if (key) {
    await page.fill('#key', key);
    await page.click('#load');
  }
  await page.waitForSelector('#template option[value="notification"]', { state: 'attached', timeout: 15000 });
  await page.selectOption('#template', 'notification');
  // The page says which data fields the template needs, and which it may take.
  await page.waitForFunction(() => [...document.querySelectorAll('#fields li')]
    .some((li) => li.textContent.startsWith('title ')), null, { timeout: 15000 })
    .catch(() => fail('the data fields are not listed'));
  const fields = await page.locator('#fields li').allTextContents();
  const row = (name) => fields.find((f) => f.startsWith(name + ' ')) || '';
  if (!row('title').includes('required')) fail('title should be listed as required: ' + JSON.stringify(fields));
  if (!row('message').includes('required')) fail('message should be listed as required: ' + JSON.stringify(fields));
  if (!row('actionUrl').includes('optional')) fail('actionUrl should be listed as optional: ' + JSON.stringify(fields));
  await page.fill('#data', JSON.stringify({
    title: '浏览器测试',
    message: '<script>window.parent.pwned = 1; alert("xss")</script><img src=x onerror="alert(2)"> 正文',
  }));
  await page.click('#render');
  // The page renders an example on load too; wait for this render, not that one.
  await page.waitForFunction(() => document.getElementById('subject').textContent === '浏览器测试', null,
    { timeout: 15000 }).catch(() => fail('the rendered subject never appeared'));
  await page.frameLocator('#html').locator('h2', { hasText: '浏览器测试' }).waitFor({ timeout: 15000 })
    .catch(() => fail('the iframe never showed the rendered heading'));

  const frame = page.frameLocator('#html');
  const heading = (await frame.locator('h2').textContent({ timeout: 15000 })).trim();
  if (heading !== '浏览器测试') fail('the iframe shows heading ' + JSON.stringify(heading));
  const body = await frame.locator('body').innerText();
  if (!body.includes('<script>window.parent.pwned = 1;')) fail('the script in the data should show as text: ' + body);
  const text = await page.locator('#text').textContent();
  if (!text.includes('<script>window.parent.pwned = 1;')) fail('the text variant should carry the data verbatim: ' + text);
  const subject = await page.locator('#subject').textContent();
  if (subject !== '浏览器测试') fail('subject shows ' + JSON.stringify(subject));
  const sandbox = await page.locator('#html').getAttribute('sandbox');
  if (sandbox !== '') fail('the iframe must be sandboxed without permissions, got ' + JSON.stringify(sandbox));
  await page.waitForTimeout(300);
  if (dialogs.length) fail('a script ran: dialogs ' + JSON.stringify(dialogs));
  if (await page.evaluate(() => window.pwned !== undefined)) fail('a script in the data reached the page');
  if (errors.length) fail('page errors: ' + errors.join('; '));

  if (own) {
    // The user template is listed with its origin and version; its locales replace the built-ins' two.
    const label = await page.locator('#template option[value="' + own + '"]').textContent();
    if (label !== own + ' (api, v1)') fail('the user template is listed as ' + JSON.stringify(label));
    await page.selectOption('#template', own);
    await page.waitForFunction(() => [...document.querySelectorAll('#fields li')]
      .some((li) => li.textContent.startsWith('orders[].id ')), null, { timeout: 15000 })
      .catch(() => fail('the user template\'s nested fields are not listed'));
    const locales = await page.locator('#locale option').allTextContents();
    if (JSON.stringify(locales) !== '["zh-CN","en"]') fail('locales offered: ' + JSON.stringify(locales));
    await page.selectOption('#locale', 'en');
    await page.fill('#data', JSON.stringify({ name: '<i>Ann</i>', orders: [{ id: 'A-1', total: 1234.5 }] }));
    await page.click('#render');
    await page.waitForFunction(() => document.getElementById('subject').textContent === 'Shipped: <i>Ann</i>', null,
      { timeout: 15000 }).catch(() => fail('the user template\'s subject never appeared'));
    const item = (await page.frameLocator('#html').locator('li').textContent({ timeout: 15000 })).trim();
    if (item !== 'A-1: 1,234.5') fail('the iframe shows ' + JSON.stringify(item));
    const name = await page.frameLocator('#html').locator('p').innerText();
    if (name !== 'Hello <i>Ann</i>') fail('the name should show escaped, as text: ' + JSON.stringify(name));
    const loaded = await page.frameLocator('#html').locator('img').evaluate((img) => img.complete && img.naturalWidth > 0);
    if (!loaded) fail('the template\'s inline image did not load in the preview');
    if (errors.length) fail('page errors: ' + errors.join('; '));
  }
  console.log('OK: rendered in Chromium, script shown as text and never run' + (own ? '; the user template too' : ''));
} finally {
  await browser.close();
}
