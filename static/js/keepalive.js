/* Typing in a form is activity too: while someone types, tell the desk at most every five minutes,
   so a long session record is not lost to the idle logout (casedesk.desk.idle). */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url || !window.fetch) return;
  var EVERY = 5 * 60 * 1000;
  var last = Date.now();

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  document.addEventListener("input", function () {
    var now = Date.now();
    if (now - last < EVERY) return;
    last = now;
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
      .catch(function () { /* offline: the next page load will tell */ });
  });
})();
