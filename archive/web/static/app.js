// Témoin: small progressive enhancements. Every page works without this file.
"use strict";

// Lock screen: hide everything at once, before the server answers. The lock screen and the content warning
// bring the reader back to the very place they were (#page=3, #t=95 of a search hit): the browser never
// sends the part after # to the server, so it is added to the form's `next` here.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form || !form.elements) { return; }
  var next = form.elements.namedItem("next");
  if (location.hash && next && next.value && (form.id === "lock-form" || form.closest("#content-warning"))) {
    next.value = next.value.split("#")[0] + location.hash;
  }
  if (form.id === "lock-form") {
    document.documentElement.classList.add("locked");
  }
});

// Case page: follow the ingest status of each item until every one is done or failed.
(function pollStatus() {
  var table = document.getElementById("items");
  var labels = document.getElementById("status-labels");
  if (!table || !labels) { return; }
  var words = {};
  labels.content.querySelectorAll("[data-key]").forEach(function (el) { words[el.dataset.key] = el.textContent; });
  var pending = function () { return table.querySelectorAll('[data-status="queued"], [data-status="running"]').length > 0; };
  function update(item) {
    var row = table.querySelector('tr[data-item="' + item.id + '"]');
    if (!row) { return; }
    var cell = row.querySelector(".status");
    cell.dataset.status = item.status;
    cell.textContent = "";
    var badge = document.createElement("span");
    badge.className = "badge " + item.status;
    badge.textContent = words[item.status] || item.status;
    cell.appendChild(badge);
    if (item.status === "running") {
      var bar = document.createElement("progress");
      bar.max = 1; bar.value = item.progress;
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(bar);
    }
    if (item.error) {
      var err = document.createElement("span");
      err.className = "error"; err.textContent = " " + item.error;
      cell.appendChild(err);
    }
  }
  function tick() {
    if (!pending()) { return; }
    fetch(table.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {items: []}; })
      .then(function (data) { data.items.forEach(update); })
      .catch(function () { /* offline for a moment: try again later */ })
      .finally(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 2000);
})();
