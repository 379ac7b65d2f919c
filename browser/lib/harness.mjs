// What every browser test shares: chromium started and stopped by PID, the local mode it talks
// to, files of random bytes, byte comparisons and screenshots.
import { chromium } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APP_URL = required('APP_URL');
export const S3_ENDPOINT = required('S3_ENDPOINT');
export const ARTIFACTS = required('ARTIFACTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with browser/run.sh`);
  return value;
}

/**
 * Starts chromium as a server (so its PID is known), connects to it, and returns the browser with
 * a stop() that closes it and kills the process by PID if it is still there. The PID is also
 * written to ARTIFACTS/chromium-<pid>.pid for run.sh, in case this process is killed first.
 */
export async function startBrowser() {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    timeout: 60_000,
    // One renderer process per site is plenty on a shared 2-core machine.
    args: ['--renderer-process-limit=2'],
  });
  const pid = server.process().pid;
  const pidFile = join(ARTIFACTS, `chromium-${pid}.pid`);
  await writeFile(pidFile, `${pid}\n`);
  const browser = await chromium.connect(server.wsEndpoint());
  const stop = async () => {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
    try {
      process.kill(pid, 0);
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await unlink(pidFile).catch(() => {});
  };
  return { browser, stop };
}

/** A new context whose page errors and failed requests are kept for the test's failure message. */
export async function newPage(browser) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.method()} ${redact(request.url())} ${request.failure()?.errorText}`));
  return { context, page, problems };
}

/** Signed URLs are credentials until they expire: never print their query. */
export function redact(url) {
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}

/** A folder for this test's files, removed by the returned function. */
export async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'presign-browser-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `size` random bytes to `path` in 1 MiB pieces; returns their SHA-256. */
export async function randomFile(path, size) {
  const file = await open(path, 'w');
  const hash = createHash('sha256');
  try {
    for (let written = 0; written < size; ) {
      const piece = randomBytes(Math.min(1024 * 1024, size - written));
      hash.update(piece);
      await file.write(piece);
      written += piece.length;
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

export async function sha256OfFile(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/** Downloads `url` (a presigned GET) and returns the SHA-256 and size of what came back. */
export async function sha256OfDownload(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`download answered ${response.status}`);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of response.body) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A JSON call to the app backend, as the page makes it (the backend adds the token). */
export async function appApi(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(60_000) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${APP_URL}${path}`, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: the status and text say enough.
  }
  return { status: response.status, json, text };
}

/** Polls `read` until `done(value)` holds; throws with the last value after `timeoutMs`. */
export async function eventually(read, done, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function screenshot(page, name) {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
