/* The walk-in board (tatap_muka/board.html): htmx reloads the table every 15 seconds.
   - Focus stays where it was: htmx puts it back on the element with the same id (every
     row's link has one); if that row has left the board, focus goes to the board itself
     instead of falling back to the top of the page.
   - A change in the counts (waiting, late) is announced politely in #kabar-papan; a
     refresh that changed nothing says nothing.
   - "Jeda pembaruan" pauses the refresh (WCAG 2.2.2) and "Lanjutkan pembaruan" resumes
     it, refreshing at once. */
document.addEventListener("DOMContentLoaded", function () {
  var board = document.getElementById("papan-tamu");
  var toggle = document.getElementById("jeda-papan");
  var news = document.getElementById("kabar-papan");
  if (!board || !toggle || !news || !window.htmx) {
    return;
  }
  var paused = false;
  var focusWasInside = false;

  function counts() {
    return {
      count: board.querySelectorAll("tbody tr").length,
      late: board.querySelectorAll("tbody tr.table-danger").length,
    };
  }
  function message(c) {
    return news.dataset.template.replace("{count}", c.count).replace("{late}", c.late);
  }
  var last = message(counts());

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    paused = !paused;
    toggle.textContent = paused ? toggle.dataset.resume : toggle.dataset.pause;
    if (!paused) {
      window.htmx.ajax("GET", board.getAttribute("hx-get"), { source: board, target: board, swap: "innerHTML" });
    }
  });

  board.addEventListener("htmx:beforeRequest", function (event) {
    if (paused) {
      event.preventDefault();
    }
  });
  board.addEventListener("htmx:beforeSwap", function () {
    focusWasInside = board.contains(document.activeElement) && document.activeElement !== board;
  });
  board.addEventListener("htmx:afterSettle", function () {
    if (focusWasInside && !board.contains(document.activeElement)) {
      board.focus();
    }
    var now = message(counts());
    if (now !== last) {
      news.textContent = now;
      last = now;
    }
  });
});
