// The IKM report's charts: Chart.js (vendored) draws each <canvas data-ikm-chart="key">
// from the page's json_script "ikm-chart-data" — the NRR of the nine elements (1–4) and
// the converted IKM of each month (25–100). The tables beside them carry the same
// numbers, for screen readers and for browsers without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var source = document.getElementById("ikm-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  document.querySelectorAll("canvas[data-ikm-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.ikmChart];
    if (!spec || !spec.labels.length) {
      return;
    }
    // Nine long element names read best as horizontal bars; months stand upright.
    var horizontal = canvas.dataset.ikmChart === "nrr";
    var valueAxis = { min: spec.min, max: spec.max, ticks: { precision: horizontal ? 1 : 0 } };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.label, data: spec.data, backgroundColor: "#0b5394", borderColor: "#0b5394" }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
      },
    });
  });
});
