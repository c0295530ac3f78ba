/* Polls a report job until it is done, and shows its progress. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var state = box.getAttribute("data-state");
  if (state === "done" || state === "failed") { return; }
  function finished(state) {
    var title = document.getElementById("job-title");
    title.textContent = title.getAttribute("data-" + state);
    document.title = title.textContent;
    document.getElementById("job-note").hidden = true;
  }
  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        document.getElementById("job-progress").value = job.percent;
        document.getElementById("job-count").textContent = job.done + " / " + job.total;
        if (job.state === "done") {
          document.getElementById("job-download").hidden = false;
          document.getElementById("job-state").textContent = "";
          finished("done");
        } else if (job.state === "failed") {
          var error = document.getElementById("job-error");
          error.textContent = job.error;
          error.hidden = false;
          finished("failed");
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
