// Test helper for examples/proxy: the app's session endpoint (GET /session: 204 with the cookie
// session=signed-in, else 401) and, on every other path, an "operator" that echoes what reached
// it, so the tests can see which headers a proxy passed on. GET /api/v1/uploads/<HANG> never
// answers (the proxies' time bound). Binds 127.0.0.1 only.
import http from "node:http";
import { pathToFileURL } from "node:url";

export const SESSION_COOKIE = "session=signed-in";
export const HANG = "00000000-0000-4000-8000-00000000dead";

function serve(request, response) {
  if (request.url === "/session") {
    const signedIn = (request.headers.cookie || "").split(";").map((c) => c.trim()).includes(SESSION_COOKIE);
    response.writeHead(signedIn ? 204 : 401).end();
    return;
  }
  if (request.url === `/api/v1/uploads/${HANG}`) return; // never answers
  let received = 0;
  request.on("data", (chunk) => (received += chunk.length));
  request.on("end", () => {
    const body = JSON.stringify({ method: request.method, url: request.url, headers: request.headers, received });
    response.writeHead(200, {
      "content-type": "application/json",
      "set-cookie": "operator-cookie=must-not-reach-the-browser",
      "x-internal": "must-not-reach-the-browser",
    });
    response.end(body);
  });
}

// Started by test.sh; the tests import only the constants above.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = http.createServer(serve);
  server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => console.log(server.address().port));
}
