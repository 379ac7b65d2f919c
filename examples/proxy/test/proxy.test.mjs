// Runs the app-backend examples for real (started by examples/proxy/test.sh): each proxy in front
// of local mode's operator ("real"), and each in front of an echoing stand-in ("echo") that shows
// what reached the operator. Node's own test runner; no npm dependencies.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import http from "node:http";
import { describe, test } from "node:test";
import { HANG, SESSION_COOKIE } from "./stub.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run examples/proxy/test.sh`);
  return value;
};
const TOKEN = env("PRESIGN_TEST_TOKEN");
const TOKEN_FILE = env("PRESIGN_TEST_TOKEN_FILE");
const PROXIES = [
  { name: "node", real: env("NODE_PROXY_REAL"), echo: env("NODE_PROXY_ECHO") },
  { name: "nginx", real: env("NGINX_PROXY_REAL"), echo: env("NGINX_PROXY_ECHO") },
];
const UUID = "8f14e45f-ceea-467a-9a36-dedd4bea2543";
const SIGNED_IN = { cookie: SESSION_COOKIE, "sec-fetch-site": "same-origin" };

// Every answer a proxy gave, to check at the end that none carried the app's token. (The echoing
// stand-in shows the token in its body on purpose: of its answers only the headers count.)
const answers = [];
const REAL = new Set(PROXIES.map((proxy) => proxy.real));

/** One raw HTTP exchange: the path goes out exactly as written (no URL normalising). */
function call(base, method, path, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const answer = { status: response.statusCode, headers: response.headers, text };
          answers.push({ ...answer, echoed: !REAL.has(base) });
          try {
            answer.json = JSON.parse(text);
          } catch {
            answer.json = undefined;
          }
          resolve(answer);
        });
      },
    );
    request.on("error", reject);
    if (typeof body === "function") body(request);
    else request.end(body);
  });
}

const json = (object) => ({
  headers: { ...SIGNED_IN, "content-type": "application/json" },
  body: JSON.stringify(object),
});

async function postToForm(form, name, bytes, type) {
  const data = new FormData();
  for (const [field, value] of Object.entries(form.fields)) data.append(field, value);
  data.append("file", new Blob([bytes], { type }), name);
  const response = await fetch(form.url, { method: "POST", body: data });
  assert.ok(response.ok, `S3 refused the form: ${response.status} ${await response.text()}`);
}

async function downloadThrough(proxy, id) {
  const link = await call(proxy, "GET", `/api/v1/uploads/${id}/download-url`, { headers: SIGNED_IN });
  assert.equal(link.status, 200, link.text);
  const file = await fetch(link.json.url);
  assert.equal(file.status, 200);
  return Buffer.from(await file.arrayBuffer());
}

/** The upload as GET shows it, once it is no longer Pending or Issued (at most 10 s). */
async function statusOnceSettled(proxy, id) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const upload = await call(proxy, "GET", `/api/v1/uploads/${id}`, { headers: SIGNED_IN });
    assert.equal(upload.status, 200, upload.text);
    if (!["Pending", "Issued"].includes(upload.json.status)) return upload.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`upload ${id} still not finished after 10 s`);
}

for (const proxy of PROXIES) {
  describe(`${proxy.name} proxy`, () => {
    test("seed API: create, POST the file to the form, complete, download the same bytes", async () => {
      const bytes = Buffer.from(`hello through ${proxy.name}\n`.repeat(1000));
      const created = await call(
        proxy.real,
        "POST",
        "/api/v1/uploads/",
        json({ original_file_name: "Été report (final).txt", file_size: bytes.length }),
      );
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.status, "Issued");
      await postToForm(created.json.presigned_post_data, "Été report (final).txt", bytes, created.json.file_type);
      const completed = await call(proxy.real, "POST", `/api/v1/uploads/${created.json.id}/complete`, {
        headers: SIGNED_IN,
      });
      assert.equal(completed.status, 200, completed.text);
      assert.equal(completed.json.status, "Uploaded");
      assert.deepEqual(await downloadThrough(proxy.real, created.json.id), bytes);
    });

    test("Companion /s3/params: create, POST the file to the form, complete, download the same bytes", async () => {
      const bytes = Buffer.from(`companion through ${proxy.name}\n`.repeat(2000));
      const query = new URLSearchParams({ filename: "Été report (final).txt", type: "text/plain", "metadata[size]": bytes.length });
      const params = await call(proxy.real, "GET", `/api/v1/companion/s3/params?${query}`, { headers: SIGNED_IN });
      assert.equal(params.status, 200, params.text);
      assert.equal(params.json.method, "POST");
      assert.equal(params.json.fields.key, params.json.key);
      assert.ok(params.json.key.includes(params.json.id.replaceAll("-", "")), params.json.key);
      await postToForm(params.json, "Été report (final).txt", bytes, "text/plain");
      const completed = await call(proxy.real, "POST", `/api/v1/uploads/${params.json.id}/complete`, { headers: SIGNED_IN });
      assert.equal(completed.status, 200, completed.text);
      assert.equal(completed.json.status, "Uploaded");
      assert.deepEqual(await downloadThrough(proxy.real, params.json.id), bytes);
    });

    test("Companion multipart: create, sign parts (one and batch), PUT them, list, complete, download the same bytes", async () => {
      // Two parts: 5 MiB and a short last one, the sizes Uppy's default chunking picks.
      const bytes = Buffer.alloc(5 * 1024 * 1024 + 4096);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 251;
      const created = await call(
        proxy.real,
        "POST",
        "/api/v1/companion/s3/multipart",
        json({ filename: "big file.bin", type: "application/octet-stream", metadata: { size: bytes.length } }),
      );
      assert.equal(created.status, 200, created.text);
      const { key, uploadId, id } = created.json;
      assert.ok(key && uploadId && id, created.text);
      assert.equal(created.json.partSize, 5 * 1024 * 1024);
      const where = `/api/v1/companion/s3/multipart/${encodeURIComponent(uploadId)}`;
      const keyQuery = new URLSearchParams({ key });

      const one = await call(proxy.real, "GET", `${where}/1?${keyQuery}`, { headers: SIGNED_IN });
      assert.equal(one.status, 200, one.text);
      const batch = await call(proxy.real, "GET", `${where}/batch?${keyQuery}&partNumbers=2`, { headers: SIGNED_IN });
      assert.equal(batch.status, 200, batch.text);
      const urls = { 1: one.json.url, 2: batch.json.presignedUrls["2"] };
      const parts = [];
      for (const [number, start, end] of [[1, 0, 5 * 1024 * 1024], [2, 5 * 1024 * 1024, bytes.length]]) {
        const put = await fetch(urls[number], { method: "PUT", body: bytes.subarray(start, end) });
        assert.equal(put.status, 200, `part ${number}: ${await put.text()}`);
        parts.push({ PartNumber: number, ETag: put.headers.get("etag") });
      }
      const listed = await call(proxy.real, "GET", `${where}?${keyQuery}`, { headers: SIGNED_IN });
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.json.map((part) => part.PartNumber), [1, 2]);

      const completed = await call(proxy.real, "POST", `${where}/complete?${keyQuery}`, json({ parts }));
      assert.equal(completed.status, 200, completed.text);
      assert.equal(completed.json.key, key);
      // The complete answer can come before this replica's cache shows Uploaded: wait for it.
      assert.equal((await statusOnceSettled(proxy.real, id)).status, "Uploaded");
      assert.deepEqual(await downloadThrough(proxy.real, id), bytes);
    });

    test("Companion errors pass through with error and message (what Uppy 5 shows)", async () => {
      const query = new URLSearchParams({ filename: "a.txt", type: "text/plain" });
      const refused = await call(proxy.real, "GET", `/api/v1/companion/s3/params?${query}`, { headers: SIGNED_IN });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.json.error, "bad_request");
      assert.match(refused.json.message, /metadata\[size\]/);
    });

    test("without the app's session: 401 from the proxy, nothing reaches the operator", async () => {
      for (const headers of [{}, { cookie: "session=forged" }, { authorization: `Bearer ${TOKEN}` }]) {
        const answer = await call(proxy.echo, "POST", "/api/v1/uploads/", {
          headers: { ...headers, "content-type": "application/json" },
          body: "{}",
        });
        assert.equal(answer.status, 401, answer.text);
        assert.deepEqual(answer.json, { error: "unauthorized", message: "Sign in first." });
      }
    });

    test("a request from another site's page is refused (CSRF)", async () => {
      const answer = await call(proxy.echo, "POST", "/api/v1/uploads/", {
        headers: { cookie: SESSION_COOKIE, "sec-fetch-site": "cross-site", "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(answer.status, 403, answer.text);
      assert.equal(answer.json.error, "forbidden");
    });

    test("every allowed route reaches the operator with its path and query unchanged", async () => {
      const allowed = [
        ["POST", "/api/v1/uploads/"],
        ["POST", "/api/v1/uploads"],
        ["GET", `/api/v1/uploads/${UUID}`],
        ["DELETE", `/api/v1/uploads/${UUID}`],
        ["POST", `/api/v1/uploads/${UUID}/complete`],
        ["GET", `/api/v1/uploads/${UUID}/download-url?expires_in=60&disposition=attachment`],
        ["GET", "/api/v1/companion/s3/params?filename=%C3%89t%C3%A9%20(1).pdf&type=application%2Fpdf&metadata%5Bsize%5D=3"],
        ["POST", "/api/v1/companion/s3/multipart"],
        ["GET", "/api/v1/companion/s3/multipart/2~Abc_def-1.x?key=media%2Fuploads%2Fa.bin"],
        ["GET", "/api/v1/companion/s3/multipart/abc%2Bdef%3D/batch?key=k&partNumbers=1,2"],
        ["GET", "/api/v1/companion/s3/multipart/abc/10000?key=k"],
        ["POST", "/api/v1/companion/s3/multipart/abc/complete?key=k"],
        ["DELETE", "/api/v1/companion/s3/multipart/abc?key=k"],
      ];
      for (const [method, path] of allowed) {
        const answer = await call(proxy.echo, method, path, {
          headers: { ...SIGNED_IN, "content-type": "application/json" },
          body: method === "POST" ? "{}" : undefined,
        });
        assert.equal(answer.status, 200, `${method} ${path}: ${answer.text}`);
        assert.equal(answer.json.method, method);
        assert.equal(answer.json.url, path);
      }
    });

    test("paths and methods outside the allowed set never reach the operator", async () => {
      const refused = [
        ["GET", "/metrics"],
        ["GET", "/healthz"],
        ["GET", "/openapi.yaml"],
        ["GET", "/api/v1/uploads/"],
        ["PUT", `/api/v1/uploads/${UUID}`],
        ["PATCH", `/api/v1/uploads/${UUID}`],
        ["POST", `/api/v1/uploads/${UUID}`],
        ["GET", `/api/v1/uploads/${UUID}/complete`],
        ["GET", `/api/v1/uploads/${UUID}/complete/more`],
        ["GET", `/api/v1/uploads/${UUID}/../../../metrics`],
        ["GET", "/api/v1/uploads/%2e%2e/%2e%2e/%2e%2e/metrics"],
        ["GET", `/api/v1/uploads/${UUID}%2F..%2F..%2F..%2Fmetrics`],
        ["GET", "//api/v1/uploads/" + UUID],
        ["GET", "/api/v1/companion/s3/sts"],
        ["GET", "/api/v1/companion/classes/other/s3/params?filename=a&type=b"],
        ["POST", "/api/v1/companion/classes/other/s3/multipart"],
        ["POST", "/api/v1/companion/s3/params"],
        ["GET", "/api/v1/companion/s3/multipart"],
        ["GET", "/api/v1/companion/s3/multipart/..?key=k"],
        ["GET", "/api/v1/companion/s3/multipart/%2e%2e/complete?key=k"],
        ["GET", "/api/v1/companion/s3/multipart/a%2F..%2F..%2F..%2Fuploads?key=k"],
        ["GET", "/api/v1/companion/s3/multipart/a%5C..?key=k"],
        ["GET", "/api/v1/companion/s3/multipart/abc/0?key=k"],
        ["PUT", "/api/v1/companion/s3/multipart/abc/1?key=k"],
      ];
      for (const [method, path] of refused) {
        const answer = await call(proxy.echo, method, path, { headers: SIGNED_IN });
        assert.equal(answer.status, 404, `${method} ${path}: ${answer.status} ${answer.text}`);
        assert.deepEqual(answer.json, { error: "not_found", message: "Not found." }, `${method} ${path}`);
      }
    });

    test("the browser's Cookie and Authorization stay behind, the app's token goes, nothing internal comes back", async () => {
      const answer = await call(proxy.echo, "POST", "/api/v1/uploads/", {
        headers: {
          ...SIGNED_IN,
          authorization: "Bearer the-browsers-own",
          "content-type": "application/json",
          "x-forwarded-user": "admin",
        },
        body: "{}",
      });
      assert.equal(answer.status, 200, answer.text);
      const seen = answer.json.headers;
      assert.equal(seen.authorization, `Bearer ${TOKEN}`);
      assert.equal(seen.cookie, undefined);
      assert.equal(seen["x-forwarded-user"], undefined);
      assert.equal(seen["sec-fetch-site"], undefined);
      assert.equal(seen["content-type"], "application/json");
      assert.equal(answer.headers["set-cookie"], undefined);
      assert.equal(answer.headers["x-internal"], undefined);
    });

    test("bodies are streamed and bounded at 1 MiB, declared or chunked", async () => {
      const fits = Buffer.alloc(900 * 1024, "a");
      const passed = await call(proxy.echo, "POST", "/api/v1/uploads/", {
        headers: { ...SIGNED_IN, "content-type": "application/json" },
        body: fits,
      });
      assert.equal(passed.status, 200, passed.text);
      assert.equal(passed.json.received, fits.length);

      const tooLarge = Buffer.alloc(1024 * 1024 + 1, "a");
      const declared = await call(proxy.echo, "POST", "/api/v1/uploads/", {
        headers: { ...SIGNED_IN, "content-type": "application/json", "content-length": tooLarge.length },
        body: tooLarge,
      });
      assert.equal(declared.status, 413, declared.text);
      assert.equal(declared.json.error, "too_large");

      const chunked = await call(proxy.echo, "POST", "/api/v1/uploads/", {
        headers: { ...SIGNED_IN, "content-type": "application/json", "transfer-encoding": "chunked" },
        body: (request) => {
          for (let i = 0; i < 17; i++) request.write(Buffer.alloc(64 * 1024, "a"));
          request.end();
        },
      }).catch((error) => ({ status: "reset", text: String(error) }));
      // The proxy may answer 413 before it has read everything, or close the connection.
      assert.ok(chunked.status === 413 || chunked.status === "reset", `${chunked.status} ${chunked.text}`);
    });

    test("an operator that does not answer in time: 504, bounded", async () => {
      const started = process.hrtime.bigint();
      const answer = await call(proxy.echo, "GET", `/api/v1/uploads/${HANG}`, { headers: SIGNED_IN });
      assert.equal(answer.status, 504, answer.text);
      assert.equal(answer.json.error, "gateway_timeout");
      assert.ok(process.hrtime.bigint() - started < 20_000_000_000n, "answered within the bound");
    });

    test("the token file is read on every request (the kubelet rotates it)", async () => {
      try {
        writeFileSync(TOKEN_FILE, "a-token-the-operator-refuses\n");
        const refused = await call(proxy.real, "POST", "/api/v1/uploads/", json({ original_file_name: "a.txt", file_size: 1 }));
        assert.equal(refused.status, 502, refused.text);
        assert.equal(refused.json.error, "bad_gateway");
      } finally {
        writeFileSync(TOKEN_FILE, `${TOKEN}\n`);
      }
      const accepted = await call(proxy.real, "POST", "/api/v1/uploads/", json({ original_file_name: "a.txt", file_size: 1 }));
      assert.equal(accepted.status, 201, accepted.text);
    });
  });
}

test("no answer of either proxy, header or body, carried the app's token", () => {
  const real = answers.filter((answer) => !answer.echoed).length;
  assert.ok(real >= 16, `only ${real} answers from the real operator recorded`);
  for (const answer of answers) {
    const seen = JSON.stringify(answer.headers) + (answer.echoed ? "" : answer.text);
    assert.ok(!seen.includes(TOKEN), `the token leaked in an answer: ${answer.status}`);
  }
});
