/* A staff session ends after STAFF_SESSION_IDLE_MINUTES without a request
   (accounts/sessions.py). Writing a long answer makes no request, so this page tells the
   server that its user is at work: on a key, a click, a touch or the wheel, at most once
   a minute, a POST to accounts:session_activity (204). A refresh the page makes by
   itself (the walk-in board) is not the user's, and is not counted by the server either.
   An answer other than 204 means the session has ended (the 12 hours passed, an idle
   laptop, an admin's reset): the banner #sesi-berakhir says the typed text is still on
   this page, to be copied before signing in again in another tab. A network failure
   says nothing: the next key tries again. */
(function () {
  var script = document.currentScript;
  if (!script || !window.fetch) {
    return;
  }
  var url = script.dataset.url;
  var csrf = script.dataset.csrf;
  var every = 60 * 1000;
  var last = Date.now(); // loading this page was a request
  var ended = false;

  function showEnded() {
    ended = true;
    var banner = document.getElementById("sesi-berakhir");
    var link = document.getElementById("sesi-masuk");
    if (link) {
      link.href = script.dataset.login;
    }
    if (banner) {
      banner.hidden = false;
    }
  }

  function active() {
    var now = Date.now();
    if (ended || now - last < every) {
      return;
    }
    last = now;
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      if (response.status !== 204) {
        showEnded();
      }
    }).catch(function () {
      last = 0;
    });
  }

  ["keydown", "pointerdown", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, active, { capture: true, passive: true });
  });
})();
