// What the browser tests share: Debian's headless Chromium, a failure that says why, and a page that records the
// dialogs and errors a script in it would cause.
import { chromium } from 'playwright-core';

export const fail = (message) => { console.error('FAIL: ' + message); process.exit(1); };

export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    return await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  } catch (e) {
    return fail(`Chromium did not start from ${executablePath} (install Debian's chromium package): ${e.message}`);
  }
}

/** A new page whose dialogs (dismissed) and page errors are collected, opened at url with its CSP checked. */
export async function open(browser, url) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(url);
  const csp = response.headers()['content-security-policy'] || '';
  if (!csp.includes("script-src 'self'")) fail('the page has no restrictive Content-Security-Policy: ' + csp);
  return { page, dialogs, errors };
}
