/* jiading serve: reloads the page when the preview is rebuilt, shows the problems that stopped a
   rebuild, marks links to drafts and scheduled articles, and says when the server has stopped. */
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script.dataset.generation;
  var indexed = script.dataset.index;  // a share preview's article changed: reloaded once a good rebuild indexed it
  var bar = document.getElementById("jiading-preview");
  var note = bar.querySelector(".jiading-note");
  var list = document.createElement("ul");
  list.id = "jiading-problems";
  list.hidden = true;
  document.body.appendChild(list);

  function problems(lines) {
    list.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    list.hidden = lines.length === 0;
  }

  // Only a tab on screen holds the event stream: a browser opens few connections to one server at a time,
  // and a tab coming back on screen learns of the rebuilds it missed at once.
  var source = null;
  function connect() {
    if (source) { return; }
    source = new EventSource("/_jiading/live");
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      if (String(state.generation) !== generation || (indexed !== undefined && String(state.index) !== indexed)) {
        location.reload();
        return;
      }
      note.textContent = "";
      problems(state.problems);
    });
    source.addEventListener("error", function () {
      note.textContent = "The preview server has stopped: run jiading serve again to see changes.";
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (source) { source.close(); source = null; }
    } else {
      connect();
    }
  });
  if (document.visibilityState !== "hidden") { connect(); }

  fetch("/_jiading/marks.json").then(function (answer) { return answer.json(); }).then(function (marks) {
    document.querySelectorAll("main a[href]").forEach(function (link) {
      var status = marks[link.getAttribute("href")];
      if (status && !link.querySelector(".jiading-mark")) {
        var mark = document.createElement("span");
        mark.className = "jiading-mark jiading-" + status;
        mark.textContent = status;
        link.appendChild(mark);
      }
    });
  }).catch(function () {});
}());
