/* The statistics charts (Chart.js, served locally); each bar opens the cases behind it via the tables' links. */
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var palette = ["#1f5f99", "#c8553d", "#2a9d8f", "#e9c46a", "#8d6a9f", "#6c757d", "#f4a261"];
  Chart.defaults.animation = false;
  new Chart(document.getElementById("chart-categories"), {
    type: "bar",
    data: {
      labels: data.months,
      datasets: data.categories.map(function (c, i) { return { label: c.label, data: c.data, backgroundColor: palette[i % palette.length] }; })
    },
    options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  });
  new Chart(document.getElementById("chart-outcomes"), {
    type: "doughnut",
    data: { labels: data.outcomes.labels, datasets: [{ data: data.outcomes.data, backgroundColor: palette }] },
    options: { responsive: true }
  });
  new Chart(document.getElementById("chart-recovered"), {
    type: "bar",
    data: { labels: data.months, datasets: [{ label: "", data: data.recovered, backgroundColor: palette[2] }] },
    options: { responsive: true, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
  });
})();
