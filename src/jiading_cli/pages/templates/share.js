/* The share bar without JavaScript is plain links; this adds "copy link" and the browser's own share sheet. */
(function () {
  "use strict";
  document.querySelectorAll(".share-copy").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.url).then(function () {
        button.textContent = button.dataset.done;
      });
    });
  });
  document.querySelectorAll(".share-native").forEach(function (button) {
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
    });
  });
}());
