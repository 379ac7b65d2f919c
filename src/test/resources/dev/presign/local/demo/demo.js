// The local-mode demo page: plain JavaScript, no framework, no bundler.
// Every API call goes to this page's own backend (same origin), which adds the app's token and
// forwards it to the operator; only the file's bytes go elsewhere, straight to S3.
"use strict";

const UPLOADS = "/api/v1/uploads/";
const PHASES = ["Pending", "Issued", "Uploaded"];
const FINISHED = new Set(["Uploaded", "Expired", "Failed"]);
const POLL_MS = 1000;

const drop = document.getElementById("drop");
const picker = document.getElementById("file");
const list = document.getElementById("uploads");

picker.addEventListener("change", () => {
  for (const file of picker.files) upload(file);
  picker.value = "";
});
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  for (const file of event.dataTransfer.files) upload(file);
});

/** One file, start to end: request, send to S3, confirm, offer the download. */
async function upload(file) {
  const row = new UploadRow(file);
  row.phase("Pending", "asking the app backend for an upload…");
  let stopPolling = () => {};
  try {
    const body = { original_file_name: file.name, file_size: file.size };
    if (file.type) body.file_type = file.type;
    const created = await api("POST", UPLOADS, body);
    row.id(created.id, created.key);
    row.phase(created.status, "signed; sending the bytes to S3…");
    stopPolling = poll(created.id, row);

    await sendToS3(file, created, (sent) => row.progress(sent, file.size));
    row.phase(created.status, "sent; asking the operator to check the object…");

    const done = await api("POST", `${UPLOADS}${encodeURIComponent(created.id)}/complete`);
    row.phase(done.status, `${done.uploaded_size} bytes in S3, ETag ${done.etag}`);

    const link = await api("GET", `${UPLOADS}${encodeURIComponent(created.id)}/download-url`);
    row.download(link.url, file.name);
  } catch (error) {
    row.fail(error.message);
  } finally {
    stopPolling();
  }
}

/** Polls the upload while it is not finished, so changes made elsewhere show up too. */
function poll(id, row) {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const current = await api("GET", `${UPLOADS}${encodeURIComponent(id)}`);
      row.phase(current.status);
      if (FINISHED.has(current.status)) return;
    } catch (error) {
      // A failed poll changes nothing; the next one may work.
    }
    if (!stopped) setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
  return () => { stopped = true; };
}

/** A JSON call to the app backend; a refusal becomes an Error carrying the API's words. */
async function api(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (ignored) { /* not JSON */ }
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${explain(json, text)}`);
  }
  return json;
}

/** The API's error bodies name the field: {"file_size": ["..."]} or {"detail": "..."}. */
function explain(json, text) {
  if (json && typeof json === "object") {
    return Object.entries(json)
      .map(([field, why]) => `${field}: ${Array.isArray(why) ? why.join(" ") : why}`)
      .join("; ");
  }
  return text.slice(0, 300);
}

/** The bytes go to the bucket with the signed form (POST) or the signed URL (PUT). */
function sendToS3(file, created, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let payload;
    if (created.presigned_post_data) {
      const post = created.presigned_post_data;
      payload = new FormData();
      for (const [name, value] of Object.entries(post.fields)) payload.append(name, value);
      payload.append("file", file); // the file goes last
      xhr.open("POST", post.url);
    } else if (created.presigned_put_data) {
      const put = created.presigned_put_data;
      payload = file;
      xhr.open("PUT", put.url);
      for (const [name, value] of Object.entries(put.headers || {})) xhr.setRequestHeader(name, value);
    } else {
      reject(new Error("the upload carries no signed form (is its form kept in a Secret?)"));
      return;
    }
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * file.size));
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size);
        resolve();
      } else {
        reject(new Error(`S3 refused the upload: ${xhr.status} ${xhr.responseText.slice(0, 300)}`));
      }
    });
    xhr.addEventListener("error", () => reject(new Error(
      "S3 could not be reached, or its CORS rule does not allow this page's origin")));
    xhr.send(payload);
  });
}

/** The page's view of one upload. Text only goes in through textContent. */
class UploadRow {
  constructor(file) {
    this.element = document.createElement("li");
    this.element.className = "upload";
    this.element.dataset.name = file.name;
    this.element.append(
      text("div", "name", file.name),
      text("div", "meta", `${file.size.toLocaleString("en")} bytes`));
    this.phases = document.createElement("ul");
    this.phases.className = "phases";
    for (const name of PHASES) {
      const item = text("li", "", name);
      item.dataset.phase = name;
      this.phases.append(item);
    }
    this.bar = document.createElement("progress");
    this.bar.max = file.size || 1;
    this.bar.value = 0;
    this.message = text("div", "message", "");
    this.element.append(this.phases, this.bar, this.message);
    list.prepend(this.element);
  }

  id(id, key) {
    this.element.dataset.id = id;
    this.element.querySelector(".meta").textContent += ` · id ${id} · key ${key}`;
  }

  /** Shows `phase` as current (never going back) and, if given, what happens now. */
  phase(phase, message) {
    const order = PHASES.indexOf(phase);
    const shown = PHASES.indexOf(this.element.dataset.phase);
    if (order >= 0 && order >= shown) {
      this.element.dataset.phase = phase;
      for (const item of this.phases.children) {
        const at = PHASES.indexOf(item.dataset.phase);
        item.className = at < order ? "done" : at === order ? "current" : "";
      }
    } else if (order < 0 && phase && this.element.dataset.phase !== phase) {
      // Expired or Failed: no way forward from here.
      this.element.dataset.phase = phase;
      const item = text("li", "failed", phase);
      item.dataset.phase = phase;
      this.phases.append(item);
    }
    if (message !== undefined) this.message.textContent = message;
  }

  progress(sent, total) {
    this.bar.max = total || 1;
    this.bar.value = sent;
  }

  download(url, name) {
    const link = text("a", "download", `Download ${name}`);
    link.href = url;
    link.download = name;
    this.element.append(link);
  }

  fail(why) {
    this.element.dataset.error = "true";
    this.message.className = "message error";
    this.message.textContent = why;
  }
}

function text(tag, className, content) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.textContent = content;
  return element;
}
