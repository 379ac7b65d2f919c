// Issue 15 item 1: the local-mode demo page, driven as a user would (drop a file, watch it go
// Pending → Issued → Uploaded, download it back), and the bytes compared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { APP_URL, newPage, scratch, screenshot, startBrowser } from '../lib/harness.mjs';

const NAME = 'Été report (final).pdf';
const SIZE = 1024 * 1024;

let chromium;
let files;
before(async () => {
  chromium = await startBrowser();
  files = await scratch();
});
after(async () => {
  await chromium?.stop();
  await files?.remove();
});

test('drop a file on the demo page, watch it upload, download it back: same bytes', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await newPage(chromium.browser);
  try {
    // Record every phase the page shows for the upload, in order, as it happens.
    await page.addInitScript(() => {
      window.phasesSeen = [];
      new MutationObserver((changes) => {
        for (const change of changes) {
          const phase = change.target.dataset?.phase;
          if (change.attributeName === 'data-phase' && phase && window.phasesSeen.at(-1) !== phase) {
            window.phasesSeen.push(phase);
          }
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-phase'] });
    });
    await page.goto(APP_URL);
    await page.getByText('Drop a file here').waitFor();

    const content = randomBytes(SIZE);
    const dataTransfer = await page.evaluateHandle(({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
      return transfer;
    }, { base64: content.toString('base64'), name: NAME });
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });

    const row = page.locator('li.upload', { hasText: NAME });
    await row.locator('a.download').waitFor({ timeout: 60_000 }).catch((error) => {
      throw new Error(`no download link: ${error.message}\n${problems.join('\n')}`);
    });
    assert.equal(await row.getAttribute('data-phase'), 'Uploaded', problems.join('\n'));
    assert.deepEqual(await page.evaluate(() => window.phasesSeen), ['Pending', 'Issued', 'Uploaded']);
    assert.match(await row.locator('.message').textContent(), new RegExp(`^${SIZE} bytes in S3, ETag `));
    assert.deepEqual(problems, []);
    await screenshot(page, 'demo-page-uploaded');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      row.locator('a.download').click(),
    ]);
    const saved = join(files.dir, 'downloaded');
    await download.saveAs(saved);
    const back = await readFile(saved);
    assert.equal(back.length, SIZE);
    assert.ok(back.equals(content), 'the downloaded bytes differ from the dropped file');
    assert.equal(download.suggestedFilename(), NAME);
  } finally {
    await context.close();
  }
});
