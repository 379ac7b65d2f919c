// A minimal app backend in front of presign-operator, using only Node's built-in modules
// (Node 18 or later, no npm dependencies).
//
// The browser calls this backend on the app's own origin with the app's own session; the
// backend checks that session, forwards only the upload routes the page needs to the operator's
// Service, and adds the pod's projected ServiceAccount token (audience "presign-operator"), read
// from its file on every request because the kubelet replaces it before it expires. The
// operator's API has no CORS on purpose: browsers never call it directly.
//
//   PRESIGN_URL=http://presign-operator.presign-system.svc \
//   PRESIGN_TOKEN_FILE=/var/run/secrets/presign/token \
//   node app-backend.mjs            # listens on 127.0.0.1:3000 (LISTEN_HOST, LISTEN_PORT)
//
// In a real app, mount proxyUploads() into your own server and replace checkSession() with your
// session check: it is the only thing that stands between the internet and your app's token.

import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { pathToFileURL } from "node:url";

// What the browser may reach, method by method; everything else gets 404 without reaching the
// operator. Companion's S3 routes are mounted by the operator under COMPANION; Uppy builds their
// paths from its `companionEndpoint` option, so the page sets it to this backend's origin + COMPANION.
const ID = "[0-9a-fA-F-]{36}";
// An S3 uploadId as Uppy sends it (encodeURIComponent): letters, digits, "-", "_", "." and
// percent escapes, but never an escaped "/", "\" or "." (nothing that could climb out of the route).
const UPLOAD_ID = "(?:[A-Za-z0-9_~-]|%(?!2[EeFf]|5[Cc]|00)[0-9A-Fa-f]{2})(?:[A-Za-z0-9._~-]|%(?!2[Ff]|5[Cc]|00)[0-9A-Fa-f]{2})*";
export const COMPANION = "/api/v1/companion";
export const ROUTES = [
  ["POST", `/api/v1/uploads/?`],
  ["GET", `/api/v1/uploads/${ID}`],
  ["DELETE", `/api/v1/uploads/${ID}`],
  ["POST", `/api/v1/uploads/${ID}/complete`],
  ["GET", `/api/v1/uploads/${ID}/download-url`],
  ["GET", `${COMPANION}/s3/params`],
  ["POST", `${COMPANION}/s3/multipart`],
  ["GET", `${COMPANION}/s3/multipart/${UPLOAD_ID}`],
  ["DELETE", `${COMPANION}/s3/multipart/${UPLOAD_ID}`],
  ["GET", `${COMPANION}/s3/multipart/${UPLOAD_ID}/batch`],
  ["GET", `${COMPANION}/s3/multipart/${UPLOAD_ID}/[1-9][0-9]{0,4}`],
  ["POST", `${COMPANION}/s3/multipart/${UPLOAD_ID}/complete`],
].map(([method, path]) => ({ method, path: new RegExp(`^${path}$`) }));

// Headers passed on in each direction; all others (Cookie, Authorization, Set-Cookie, ...) stay
// behind. An allow-list, so a header added later is not forwarded by accident.
const REQUEST_HEADERS = ["accept", "content-type", "content-length"];
const RESPONSE_HEADERS = ["content-type", "content-length", "retry-after", "allow", "cache-control"];

/**
 * The app's own session check: return true when the caller is signed in to the app (and, if
 * users must not reach each other's uploads, when this upload is theirs: keep the ids your
 * users create with the user). REPLACE THIS. The stand-in accepts a cookie "session" equal to
 * the DEMO_SESSION environment variable, so the example can be tried; without it, it refuses all.
 */
export function checkSession(request) {
  const expected = process.env.DEMO_SESSION;
  if (!expected) return false;
  const cookies = (request.headers.cookie || "").split(";").map((c) => c.trim());
  return cookies.includes(`session=${expected}`);
}

/** A request handler that forwards the allowed upload routes to the operator. */
export function proxyUploads({
  operatorUrl,
  tokenFile,
  isSignedIn = checkSession,
  maxBodyBytes = 1024 * 1024,
  timeoutMs = 30_000,
}) {
  const operator = new URL(operatorUrl);
  return async (request, response) => {
    const [path, query = ""] = request.url.split(/\?(.*)/s);
    if (!ROUTES.some((route) => route.method === request.method && route.path.test(path))) {
      return answer(response, 404, "not_found", "Not found.");
    }
    // Browsers send Sec-Fetch-Site on every request; anything but same-origin is another site's
    // page trying to use this user's session (CSRF).
    const site = request.headers["sec-fetch-site"];
    if (site && site !== "same-origin") {
      return answer(response, 403, "forbidden", "Uploads are only accepted from pages of this site.");
    }
    let signedIn = false;
    try {
      signedIn = await isSignedIn(request);
    } catch (error) {
      console.error(`the session check failed: ${error.message}`);
      return answer(response, 500, "internal", "The session could not be checked.");
    }
    if (!signedIn) {
      return answer(response, 401, "unauthorized", "Sign in first.");
    }
    const declared = Number(request.headers["content-length"] || 0);
    if (declared > maxBodyBytes) {
      return answer(response, 413, "too_large", `The request body is larger than ${maxBodyBytes} bytes.`);
    }
    let token;
    try {
      token = (await readFile(tokenFile, "utf8")).trim();
    } catch {
      // Never say why in the answer: the path and the error are the app's business, and its log's.
      console.error(`cannot read the token file ${tokenFile}`);
      return answer(response, 502, "bad_gateway", "The upload service is not available.");
    }
    const headers = { authorization: `Bearer ${token}`, host: operator.host };
    for (const name of REQUEST_HEADERS) {
      if (request.headers[name] !== undefined) headers[name] = request.headers[name];
    }
    const client = operator.protocol === "https:" ? https : http;
    const upstream = client.request(
      {
        protocol: operator.protocol,
        hostname: operator.hostname,
        port: operator.port || undefined,
        method: request.method,
        path: path + (query ? `?${query}` : ""),
        headers,
        // The whole exchange, body and answer included, ends after timeoutMs.
        signal: AbortSignal.timeout(timeoutMs),
      },
      (reply) => {
        if (reply.statusCode === 401) {
          // The operator refused the app's token, not the user: to the browser that is a server
          // fault, and it must not look like "sign in again".
          reply.resume();
          console.error("presign-operator refused the app's token (401): check the token file and its audience");
          return answer(response, 502, "bad_gateway", "The upload service is not available.");
        }
        const kept = {};
        for (const name of RESPONSE_HEADERS) {
          if (reply.headers[name] !== undefined) kept[name] = reply.headers[name];
        }
        response.writeHead(reply.statusCode, kept);
        reply.pipe(response);
      },
    );
    let tooLarge = false;
    upstream.on("error", (error) => {
      if (tooLarge) return; // already answered 413
      if (!response.headersSent) {
        const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
        answer(response, timedOut ? 504 : 502, timedOut ? "gateway_timeout" : "bad_gateway",
          "The upload service is not available.");
      } else {
        response.destroy();
      }
    });
    // A browser that goes away takes its call to the operator with it.
    response.on("close", () => {
      if (!response.writableFinished) upstream.destroy();
    });
    // Stream the body, counting: a chunked body has no Content-Length to check up front.
    let received = 0;
    request.on("data", (chunk) => {
      received += chunk.length;
      if (received > maxBodyBytes && !tooLarge && !response.headersSent) {
        tooLarge = true;
        request.unpipe(upstream);
        upstream.destroy();
        // Read no more of it: answer, then close the connection.
        response.setHeader("connection", "close");
        answer(response, 413, "too_large", `The request body is larger than ${maxBodyBytes} bytes.`);
        response.on("finish", () => request.destroy());
      }
    });
    request.pipe(upstream);
  };
}

// Errors carry both "error" and "message", like Companion's (Uppy shows "message").
function answer(response, status, error, message) {
  if (response.headersSent) return response.destroy();
  const body = JSON.stringify({ error, message });
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const handler = proxyUploads({
    operatorUrl: process.env.PRESIGN_URL || "http://presign-operator.presign-system.svc",
    tokenFile: process.env.PRESIGN_TOKEN_FILE || "/var/run/secrets/presign/token",
    maxBodyBytes: Number(process.env.MAX_BODY_BYTES || 1024 * 1024),
    timeoutMs: Number(process.env.UPSTREAM_TIMEOUT_MS || 30_000),
  });
  const server = http.createServer({ requestTimeout: 60_000, headersTimeout: 10_000 }, handler);
  const host = process.env.LISTEN_HOST || "127.0.0.1";
  const port = Number(process.env.LISTEN_PORT || 3000);
  server.listen(port, host, () => console.log(`app backend on http://${host}:${server.address().port}`));
}
