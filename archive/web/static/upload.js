// Resumable upload: chunks to PUT /uploads/{id}; after a dropped connection, ask the server's offset
// (GET /uploads/{id}) and go on from there. The SHA-256 receipt is shown at the end.
// Chunk size follows the measured speed: the first chunk is small (256 KiB, data-chunk), then each chunk is
// sized to take about CHUNK_SECONDS at the speed just seen (64 KiB to 8 MiB), halved after a failure, so a
// 32 KB/s link in Mopti loses little when it drops and a LAN sends big chunks. The bar moves while a chunk
// is on its way (XMLHttpRequest upload progress), never stuck at 0 % for half a minute.
// The session id is kept in localStorage (under a hash of case + file name + size + date, so no file
// name sits in the browser's storage): after a reload, choosing the same file again resumes at the
// server's offset.
"use strict";
(function () {
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var text = document.getElementById("upload-text").dataset;
  var csrf = document.body.dataset.csrf;
  var chunkSize = parseInt(form.dataset.chunk, 10);
  var MIN_CHUNK = 64 * 1024, MAX_CHUNK = 8 * 1024 * 1024, CHUNK_SECONDS = 4;
  var speed = 0;  // bytes per second, smoothed over the chunks sent
  var maxBytes = parseInt(form.dataset.max, 10);
  var box = document.getElementById("progress-box");
  var bar = document.getElementById("progress");
  var line = document.getElementById("progress-text");
  var resumeButton = document.getElementById("resume");
  var note = document.getElementById("resume-note");
  var state = null;
  var wake = null;
  var DAY = 24 * 3600 * 1000, PREFIX = "temoin.upload.";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  function number(value, decimals) {
    var fixed = value.toFixed(decimals).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, text.group);
    return fixed.length > 1 ? whole + text.decimal + fixed[1] : whole;
  }
  function size(bytes) {
    var units = text.units.split(","), value = bytes, unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
    return number(value, unit === 0 ? 0 : 1) + "\u00a0" + units[unit];
  }
  function show(offset) {
    bar.value = state.file.size ? offset / state.file.size : 1;
    var said = fill(text.progress, {sent: size(offset), total: size(state.file.size),
                                    percent: number(state.file.size ? 100 * offset / state.file.size : 100, 0)});
    line.textContent = speed > 0 ? said + " · " + fill(text.speed, {speed: size(speed)}) : said;
  }
  function measured(bytes, seconds) {
    // Next chunk: about CHUNK_SECONDS at the speed just seen, in 64 KiB steps, within [MIN_CHUNK, MAX_CHUNK].
    if (seconds <= 0 || bytes <= 0) { return; }
    var now = bytes / seconds;
    speed = speed > 0 ? 0.5 * speed + 0.5 * now : now;
    var wanted = Math.floor(speed * CHUNK_SECONDS / MIN_CHUNK) * MIN_CHUNK;
    chunkSize = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, wanted));
    form.dataset.chunkNow = String(chunkSize);  // what the page uses now (read by tests and by curious eyes)
  }
  function putChunk(url, body, headers, onProgress) {
    // fetch() cannot report upload progress: XMLHttpRequest can. Resolves like api(); rejects when cut off.
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      xhr.withCredentials = true;
      var all = Object.assign({"X-CSRF-Token": csrf, "Accept": "application/json"}, headers);
      Object.keys(all).forEach(function (k) { xhr.setRequestHeader(k, all[k]); });
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { onProgress(e.loaded); } };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {error: String(xhr.status)}; }
        resolve({status: xhr.status, data: data});
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.ontimeout = xhr.onerror; xhr.onabort = xhr.onerror;
      xhr.send(body);
    });
  }
  function api(method, url, body, headers) {
    var h = Object.assign({"X-CSRF-Token": csrf, "Accept": "application/json"}, headers || {});
    return fetch(url, {method: method, body: body, headers: h, credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (data) { return {status: r.status, data: data}; }); });
  }
  function remembered(file) {
    // Two 32-bit FNV-style hashes of the file's identity: enough to find it again, no name in clear.
    var source = [form.dataset.case, file.name, file.size, file.lastModified].join("\u0000");
    var h1 = 0x811c9dc5, h2 = 0x01000193;
    for (var i = 0; i < source.length; i += 1) {
      h1 = Math.imul(h1 ^ source.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ source.charCodeAt(i), 0x5bd1e995) >>> 0;
    }
    return PREFIX + h2.toString(36) + h1.toString(36);
  }
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function recall(file) {
    var store = storage(), saved = null;
    if (!store) { return null; }
    try { saved = JSON.parse(store.getItem(remembered(file)) || "null"); } catch (e) { saved = null; }
    if (!saved || typeof saved.id !== "string" || !(Date.now() - saved.at < DAY)) {
      forget(file); return null;
    }
    return saved.id;
  }
  function remember(file, id) {
    var store = storage();
    if (store) {
      try {
        store.setItem(remembered(file), JSON.stringify({id: id, at: Date.now()}));
      } catch (e) { /* storage full or refused: the upload still works, only without reload survival */ }
    }
  }
  function forget(file) {
    var store = storage();
    if (store) { store.removeItem(remembered(file)); }
  }
  function pruneStale() {
    // The server forgets sessions untouched for a day; so do we.
    var store = storage();
    if (!store) { return; }
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var key = store.key(i), saved = null;
      if (!key || key.indexOf(PREFIX) !== 0) { continue; }
      try { saved = JSON.parse(store.getItem(key)); } catch (e) { saved = null; }
      if (!saved || !(Date.now() - saved.at < DAY)) { store.removeItem(key); }
    }
  }
  async function resumable(file) {
    // The session this file was being sent in before a reload, with the server's offset; null if none
    // (nothing remembered, or the server says it is gone, expired or someone else's: start afresh).
    var id = recall(file);
    if (!id) { return null; }
    var known;
    try {
      known = await api("GET", "/uploads/" + id);
    } catch (e) {
      return {id: id, offset: 0, file: file};  // offline: the first chunk's answer (409) gives the offset
    }
    if (known.status === 401) { return {id: id, offset: 0, file: file}; }  // logged out: keep it, PUT says so
    if (known.status !== 200 || known.data.size !== file.size) { forget(file); return null; }
    var offset = known.data.status === "completed" ? file.size : known.data.offset;
    return {id: id, offset: offset, file: file};
  }
  function sleep(ms) {
    return new Promise(function (resolve) { wake = resolve; setTimeout(resolve, ms); });
  }
  function metadata() {
    var f = new FormData(form), meta = {}, keys = ["title", "collected_by", "language", "region", "locality",
      "testimony_type", "confidentiality"];
    keys.forEach(function (k) { if (f.get(k)) { meta[k] = f.get(k); } });
    if (f.get("collected_at")) { meta.collected_at = new Date(f.get("collected_at")).toISOString(); }
    if (f.get("incident_date")) { meta.incident_date = f.get("incident_date"); }
    meta.violation_types = f.getAll("violation_types");
    meta.sealed_users = (f.get("sealed_users") || "").split(",").map(function (s) { return s.trim(); })
      .filter(Boolean);
    return meta;
  }
  function consent() {
    var f = new FormData(form);
    return f.getAll("scopes").map(function (scope) {
      var grant = {scope: scope, status: "granted"};
      if (f.get("method")) { grant.method = f.get("method"); }
      if (f.get("interpreter")) { grant.interpreter = f.get("interpreter"); }
      return grant;
    });
  }
  function fail(message) {
    line.textContent = fill(text.failed, {error: message});
    line.className = "error";
    form.querySelector("button").disabled = false;
    state = null;  // the officer may try again
  }
  async function send() {
    var failures = 0;
    while (state.offset < state.file.size) {
      var end = Math.min(state.offset + chunkSize, state.file.size);
      var headers = {"Content-Range": "bytes " + state.offset + "-" + (end - 1) + "/" + state.file.size,
                     "Content-Type": "application/octet-stream"};
      var started = Date.now(), from = state.offset;
      try {
        var r = await putChunk("/uploads/" + state.id, state.file.slice(state.offset, end), headers,
                               function (loaded) { show(from + Math.min(loaded, end - from)); });
        if (r.status === 200) { measured(end - from, (Date.now() - started) / 1000); }
        if (r.status === 200 || r.status === 409) {
          state.offset = r.data.offset; failures = 0; resumeButton.hidden = true; show(state.offset);
          continue;
        }
        if ([401, 403, 404, 413].indexOf(r.status) >= 0) {
          if (r.status !== 401) { forget(state.file); }
          fail(r.data.error); return;
        }
        throw new Error(r.data.error || String(r.status));
      } catch (e) {
        failures += 1;
        chunkSize = Math.max(MIN_CHUNK, Math.floor(chunkSize / 2 / MIN_CHUNK) * MIN_CHUNK);  // a link that drops
        line.textContent = fill(text.paused, {sent: size(state.offset)});
        resumeButton.hidden = false;
        await sleep(Math.min(500 * Math.pow(2, failures), 15000));
        try {
          var s = await api("GET", "/uploads/" + state.id);
          if (s.status === 200) { state.offset = s.data.offset; show(state.offset); }
        } catch (ignored) { /* still offline */ }
      }
    }
    line.textContent = text.hashing;
    var done = await api("POST", "/uploads/" + state.id + "/complete");
    if (done.status === 404 || done.status === 403) { forget(state.file); }
    if (done.status !== 201) { fail(done.data.error); return; }
    forget(state.file);
    receipt(done.data);
  }
  function receipt(data) {
    bar.value = 1;
    document.getElementById("receipt-sha").textContent = data.sha256;
    document.getElementById("receipt-size").textContent = size(data.size);
    document.getElementById("receipt-type").textContent = data.media_type;
    document.getElementById("receipt-dup").hidden = !data.possible_reinterview;
    document.getElementById("receipt-link").href = "/ui/items/" + data.id;
    document.getElementById("receipt").hidden = false;
    form.hidden = true;
  }
  resumeButton.addEventListener("click", function () { if (wake) { wake(); } });
  async function begin(file, onlyResume) {
    // Resume this file's remembered session, or (unless onlyResume) open a new one with the form's intake.
    if (state) { return; }  // already sending
    if (file.size > maxBytes) { fail(text.tooLarge); return; }
    state = {file: file};  // claimed while we ask the server
    var earlier = await resumable(file);
    if (!earlier && onlyResume) { state = null; return; }  // gone or expired: Send opens a fresh session
    form.querySelector("button").disabled = true;
    box.hidden = false; line.className = "";
    line.textContent = text.starting;
    box.scrollIntoView({block: "nearest"});  // the bar is above the form: on a phone, bring it into view
    if (earlier) {
      state = earlier;
      var percent = file.size ? 100 * state.offset / file.size : 100;
      note.textContent = fill(text.resuming, {percent: number(Math.floor(percent), 0)});
      note.hidden = false;
      show(state.offset);
      await send();
      return;
    }
    var body = JSON.stringify({case_id: form.dataset.case, filename: file.name, size: file.size,
                               metadata: metadata(), consent: consent()});
    var opened;
    try {
      opened = await api("POST", "/uploads", body, {"Content-Type": "application/json"});
    } catch (e) {
      fail(e.message); return;
    }
    if (opened.status !== 201) { fail(opened.data.error); return; }
    state = {id: opened.data.id, offset: opened.data.offset, file: file};
    remember(file, state.id);
    show(0);
    await send();
  }
  pruneStale();
  document.getElementById("file").addEventListener("change", async function (event) {
    var file = event.target.files[0];
    if (file && !state && recall(file)) { await begin(file, true); }  // the same file as before a reload
  });
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var file = document.getElementById("file").files[0];
    if (!file) { return; }
    await begin(file, false);
  });
})();
