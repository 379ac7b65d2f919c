// njs helpers for presign-uploads.conf (Debian package libnginx-mod-http-js).
import fs from "fs";

// The pod's projected ServiceAccount token (audience "presign-operator"), read on every request:
// the kubelet replaces the file before the token expires, and nginx by itself reads files only
// when it starts or reloads.
function bearer(r) {
  var token = fs.readFileSync(r.variables.presign_token_file, "utf8").trim();
  return "Bearer " + token;
}

// The operator's answer goes back to the browser with these headers only (nginx adds its own
// Date, Server, Connection): an allow-list, so nothing the operator or a proxy in between adds
// later reaches the page by accident.
var KEPT = ["content-type", "content-length", "retry-after", "allow", "cache-control"];

function keepHeaders(r) {
  Object.keys(r.headersOut).forEach(function (name) {
    if (KEPT.indexOf(name.toLowerCase()) < 0) delete r.headersOut[name];
  });
}

export default { bearer, keepHeaders };
