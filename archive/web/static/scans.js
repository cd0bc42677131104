// Témoin: boxes drawn by hand on a scanned page (review page). "Draw a box" turns drawing on for that page
// (the page scrolls normally otherwise); a drag with a finger, a pen or the mouse draws the box, whose corners
// go into the form as fractions of the page (0..1); the officer saves it, and it is blacked out wherever the
// image leaves. Plain pointer events: no library.
"use strict";

(function scans() {
  var pages = document.querySelectorAll(".scan-page");
  Array.prototype.forEach.call(pages, function (figure) {
    var svg = figure.querySelector(".scan-overlay");
    var draft = figure.querySelector("rect.draft");
    var form = figure.querySelector(".box-form");
    var toggle = figure.querySelector(".draw-toggle");
    var save = figure.querySelector(".save-box");
    if (!svg || !draft || !form || !toggle || !save) { return; }
    var start = null;

    function setDrawing(on) {
      figure.classList.toggle("drawing", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    }

    function at(event) {
      var rect = svg.getBoundingClientRect();
      var x = (event.clientX - rect.left) / rect.width;
      var y = (event.clientY - rect.top) / rect.height;
      return {x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y))};
    }

    function show(a, b) {
      var x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y), x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
      draft.setAttribute("x", (x0 * 1000).toFixed(2));
      draft.setAttribute("y", (y0 * 1000).toFixed(2));
      draft.setAttribute("width", ((x1 - x0) * 1000).toFixed(2));
      draft.setAttribute("height", ((y1 - y0) * 1000).toFixed(2));
      return [x0, y0, x1, y1];
    }

    toggle.addEventListener("click", function () { setDrawing(!figure.classList.contains("drawing")); });

    svg.addEventListener("pointerdown", function (event) {
      if (!figure.classList.contains("drawing")) { return; }
      event.preventDefault();
      start = at(event);
      if (svg.setPointerCapture) { svg.setPointerCapture(event.pointerId); }
      show(start, start);
    });
    svg.addEventListener("pointermove", function (event) {
      if (start) { event.preventDefault(); show(start, at(event)); }
    });
    function finish(event) {
      if (!start) { return; }
      var box = show(start, at(event));
      start = null;
      if (box[2] - box[0] < 0.004 || box[3] - box[1] < 0.004) { save.disabled = true; return; }  // a tap
      ["x0", "y0", "x1", "y1"].forEach(function (name, i) { form.elements[name].value = box[i].toFixed(5); });
      save.disabled = false;
      figure.classList.add("has-draft");
    }
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointercancel", function () { start = null; });
  });
})();
