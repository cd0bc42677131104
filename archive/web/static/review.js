// Témoin: redaction review. Selecting text fills the start/end of the "add a span" form (offsets in the
// displayed text, which is exactly the stored text); clicking a transcript segment seeks the player.
"use strict";

(function review() {
  var box = document.getElementById("review-text");
  var form = document.getElementById("add-span");
  if (!box || !form) { return; }
  var start = document.getElementById("start");
  var end = document.getElementById("end");
  var shown = document.getElementById("selected-text");

  function offset(node, at) {
    var range = document.createRange();
    range.setStart(box, 0);
    range.setEnd(node, at);
    return range.toString().length;
  }

  function onSelect() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) { return; }
    var from = offset(range.startContainer, range.startOffset);
    var to = offset(range.endContainer, range.endOffset);
    var text = box.textContent;
    while (from < to && /\s/.test(text.charAt(from))) { from += 1; }   // trim spaces picked up by a drag
    while (to > from && /\s/.test(text.charAt(to - 1))) { to -= 1; }
    if (to <= from) { return; }
    start.value = from;
    end.value = to;
    shown.textContent = text.slice(from, to);
  }

  box.addEventListener("mouseup", onSelect);
  box.addEventListener("keyup", onSelect);
})();

(function player() {
  var audio = document.getElementById("audio");
  if (!audio) { return; }
  var list = document.getElementById("segments");
  function seek(seconds) {
    if (isNaN(seconds)) { return; }
    audio.currentTime = seconds;
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () { /* autoplay refused: the position is set */ }); }
  }
  if (list) {
    list.addEventListener("click", function (event) {
      var li = event.target.closest("li[data-start]");
      if (!li) { return; }
      list.querySelectorAll("li.playing").forEach(function (el) { el.classList.remove("playing"); });
      li.classList.add("playing");
      seek(parseFloat(li.dataset.start));
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.dataset.start) { event.target.click(); }
    });
  }
  var hash = /^#t=([0-9.]+)$/.exec(window.location.hash);
  if (hash) {
    audio.addEventListener("loadedmetadata", function () { audio.currentTime = parseFloat(hash[1]); }, {once: true});
  }
})();
