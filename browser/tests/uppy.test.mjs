// Issue 12 item 5: the real Uppy client (@uppy/core and @uppy/aws-s3 6.3.1, companionEndpoint
// mode) in chromium, through local mode's app backend, which forwards the Companion routes with
// the app's token: a single-request upload (/s3/params), a multipart one, a multipart upload
// interrupted after two parts and resumed from a new page (ListParts), and a cancel. Every
// uploaded file is downloaded back and compared byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APP_URL,
  appApi,
  eventually,
  newPage,
  randomFile,
  redact,
  scratch,
  screenshot,
  sha256OfDownload,
  startBrowser,
} from '../lib/harness.mjs';
import { multipartUploadsInProgress } from '../lib/s3-admin.mjs';

const MiB = 1024 * 1024;
/** The app backend's path for the operator's Companion routes (the page's companionEndpoint). */
const COMPANION = '/api/v1/companion';
const here = dirname(fileURLToPath(import.meta.url));

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

/**
 * Opens the Uppy page on the app backend's origin (its two files come from dist/, as an app would
 * serve its bundle), and records the Companion calls it makes and the uploads they create.
 */
async function openUppyPage(query) {
  const opened = await newPage(chromium.browser);
  const { page, context } = opened;
  // Chromium's Local Network Access: a page Playwright serves itself (route.fulfill) has no
  // address, so Chromium takes it for a public page and keeps it from the loopback S3. The demo
  // page, served by the backend over loopback, needs no such grant (nor does a public app
  // uploading to a public bucket).
  await context.grantPermissions(['local-network-access'], { origin: APP_URL });
  const html = await readFile(join(here, '..', 'uppy-page', 'index.html'));
  const script = await readFile(join(here, '..', 'dist', 'uppy-page.js'));
  await page.route(`${APP_URL}/uppy-test/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/uppy-test/') return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
    if (path === '/uppy-test/uppy-page.js') return route.fulfill({ body: script, contentType: 'text/javascript' });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const calls = [];
  const created = [];
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith(`${COMPANION}/s3/`)) return;
    const method = response.request().method();
    const route = url.pathname.slice(COMPANION.length);
    calls.push({ method, route, status: response.status() });
    if (!response.ok()) {
      // The API's own words (Companion's `message`) say what is missing: keep them for the failure.
      const body = await response.text().catch(() => '');
      opened.problems.push(`Companion ${method} ${route} answered ${response.status()}: ${body.slice(0, 300)}`);
    }
    const isCreate = (method === 'GET' && route === '/s3/params') || (method === 'POST' && route === '/s3/multipart');
    if (isCreate && response.ok()) created.push(await response.json());
  });
  await page.goto(`${APP_URL}/uppy-test/${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => window.harness !== undefined);
  return { ...opened, calls, created };
}

/** Picks `path` in the page's file input and starts Uppy's upload (resuming `resume` if given). */
async function startUpload(page, path, resume) {
  await page.setInputFiles('#file', path);
  await page.evaluate((r) => {
    window.harness.upload(r).catch((error) => window.harness.events.push({ type: 'threw', message: error.message }));
  }, resume ?? null);
}

/** Waits for one of `types` among the page's events; an upload error fails at once. */
async function waitForEvent(opened, types, timeout) {
  const { page, problems } = opened;
  await page
    .waitForFunction(
      (wanted) => window.harness.events.some((e) => wanted.includes(e.type) || e.type === 'upload-error' || e.type === 'threw'),
      types,
      { timeout, polling: 250 },
    )
    .catch(async (error) => {
      const seen = await page.evaluate(() => window.harness.events).catch(() => 'unavailable');
      throw new Error(`${error.message}\nevents: ${JSON.stringify(seen)}\n${problems.join('\n')}`);
    });
  const events = await page.evaluate(() => window.harness.events);
  const failure = events.find((e) => e.type === 'upload-error' || e.type === 'threw');
  assert.equal(failure, undefined, `Uppy reported a failure: ${JSON.stringify(failure)}\n${problems.join('\n')}`);
  return events;
}

/** The upload as the API sees it, through the app backend. */
async function upload(id) {
  const answer = await appApi('GET', `/api/v1/uploads/${encodeURIComponent(id)}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

/** Downloads the upload through a fresh presigned link and compares it with the original file. */
async function assertDownloadMatches(id, path, size) {
  const link = await appApi('GET', `/api/v1/uploads/${encodeURIComponent(id)}/download-url`);
  assert.equal(link.status, 200, link.text);
  const back = await sha256OfDownload(link.json.url);
  assert.equal(back.size, size, `downloaded ${back.size} bytes from ${redact(link.json.url)}`);
  assert.equal(back.sha256, path.sha256, 'the downloaded bytes differ from the uploaded file');
}

async function file(name, size) {
  const path = join(files.dir, name);
  return { path, size, sha256: await randomFile(path, size) };
}

test('a 1 MiB file by the single-request path (/s3/params), then confirmed by the operator', { timeout: 120_000 }, async () => {
  const original = await file('small report.pdf', 1 * MiB);
  const opened = await openUppyPage('');
  try {
    await startUpload(opened.page, original.path);
    await waitForEvent(opened, ['upload-success'], 60_000);
    assert.deepEqual(
      opened.calls.map((c) => `${c.method} ${c.route} ${c.status}`),
      ['GET /s3/params 200'],
    );
    const id = opened.created[0].id;
    // Companion mode has no "complete" call for a single upload: the operator finds the object
    // itself (its first check is 15 s after issuing).
    const done = await eventually(() => upload(id), (u) => u.status !== 'Issued', 60_000, 'the upload');
    assert.equal(done.status, 'Uploaded');
    assert.equal(done.uploaded_size, original.size);
    await assertDownloadMatches(id, original, original.size);
    await screenshot(opened.page, 'uppy-single-uploaded');
  } finally {
    await opened.context.close();
  }
});

test('a 120 MiB file by multipart (Uppy\'s default above 100 MiB), completed and downloaded back', { timeout: 300_000 }, async () => {
  const original = await file('big video.mp4', 120 * MiB);
  const opened = await openUppyPage('');
  try {
    const started = Date.now();
    await startUpload(opened.page, original.path);
    const events = await waitForEvent(opened, ['upload-success'], 240_000);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const parts = events.filter((e) => e.type === 'part-uploaded').map((e) => e.partNumber);
    assert.deepEqual(parts, Array.from({ length: 24 }, (_, i) => i + 1), 'parts of 5 MiB, in order');
    const created = opened.created[0];
    assert.equal(created.partCount, 24);
    assert.equal(created.partSize, 5 * MiB);
    assert.ok(opened.calls.some((c) => c.method === 'POST' && c.route === `/s3/multipart/${created.uploadId}/complete` && c.status === 200));
    const done = await upload(created.id);
    assert.equal(done.status, 'Uploaded');
    assert.equal(done.uploaded_size, original.size);
    await assertDownloadMatches(created.id, original, original.size);
    await screenshot(opened.page, 'uppy-multipart-uploaded');
    console.log(`# 120 MiB multipart upload through Uppy: ${seconds} s`);
  } finally {
    await opened.context.close();
  }
});

test('a multipart upload interrupted after two parts resumes from a new page (ListParts)', { timeout: 180_000 }, async () => {
  const original = await file('interrupted.bin', 26 * MiB);
  const first = await openUppyPage('multipart=always&pauseAfterParts=2');
  let resume;
  try {
    await startUpload(first.page, original.path);
    const events = await waitForEvent(first, ['paused'], 60_000);
    resume = events.find((e) => e.type === 'paused');
    assert.ok(resume.uploadId && resume.key, JSON.stringify(resume));
  } finally {
    // Closing the page is the interruption: whatever was in flight stops with it.
    await first.context.close();
  }
  const id = first.created[0].id;
  const listed = await appApi('GET', `${COMPANION}/s3/multipart/${encodeURIComponent(resume.uploadId)}?${new URLSearchParams({ key: resume.key })}`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.map((p) => p.PartNumber), [1, 2], 'S3 holds the two parts sent before the interruption');

  const second = await openUppyPage('multipart=always');
  try {
    await startUpload(second.page, original.path, { uploadId: resume.uploadId, key: resume.key });
    const events = await waitForEvent(second, ['upload-success'], 120_000);
    const parts = events.filter((e) => e.type === 'part-uploaded').map((e) => e.partNumber);
    assert.deepEqual(parts, [3, 4, 5, 6], 'the new page sends only the parts S3 does not hold');
    const routes = second.calls.map((c) => `${c.method} ${c.route.replace(resume.uploadId, ':uploadId')}`);
    assert.ok(routes.includes('GET /s3/multipart/:uploadId'), `ListParts was asked: ${routes}`);
    assert.ok(!routes.includes('POST /s3/multipart'), `no new multipart upload: ${routes}`);
    const done = await upload(id);
    assert.equal(done.status, 'Uploaded');
    await assertDownloadMatches(id, original, original.size);
    await screenshot(second.page, 'uppy-resumed-uploaded');
  } finally {
    await second.context.close();
  }
});

test('cancel: the upload ends Failed and its multipart upload is aborted in S3', { timeout: 120_000 }, async () => {
  const original = await file('cancelled.bin', 26 * MiB);
  const opened = await openUppyPage('multipart=always&pauseAfterParts=1');
  try {
    await startUpload(opened.page, original.path);
    const events = await waitForEvent(opened, ['paused'], 60_000);
    const { uploadId, key } = events.find((e) => e.type === 'paused');
    assert.ok((await multipartUploadsInProgress()).includes(uploadId), 'the multipart upload is in progress before the cancel');

    const aborted = opened.page.waitForResponse(
      (r) => r.request().method() === 'DELETE' && r.url().includes(`${COMPANION}/s3/multipart/`),
      { timeout: 30_000 },
    );
    await opened.page.evaluate(() => window.harness.cancel());
    assert.equal((await aborted).status(), 200);

    const id = opened.created[0].id;
    const after = await upload(id);
    assert.equal(after.status, 'Failed');
    assert.equal(after.presigned_post_data, undefined);
    await eventually(
      () => multipartUploadsInProgress(),
      (ids) => !ids.includes(uploadId),
      30_000,
      'multipart uploads in S3',
    );
    const parts = await appApi('GET', `${COMPANION}/s3/multipart/${encodeURIComponent(uploadId)}?${new URLSearchParams({ key })}`);
    assert.ok(parts.status >= 400 && parts.status < 500, `ListParts after the cancel: ${parts.status} ${parts.text}`);
    assert.ok(parts.json.message, `Companion errors carry a message: ${parts.text}`);
    await screenshot(opened.page, 'uppy-cancelled');
  } finally {
    await opened.context.close();
  }
});
