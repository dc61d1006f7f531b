// A live "n of max characters" line under every textarea with a maxlength and a
// data-counter wording (set by the form, in the page's language): the applicant sees
// the limit coming instead of meeting it. Without JavaScript, maxlength still applies
// and the server says the same thing.
(function () {
  "use strict";

  function attach(field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var wording = field.getAttribute("data-counter");
    if (!max || !wording) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.id = (field.id || field.name) + "-counter";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);

    var lang = document.documentElement.lang || undefined;

    function update() {
      var count = field.value.length;
      counter.textContent = wording
        .replace("%(count)s", count.toLocaleString(lang))
        .replace("%(max)s", max.toLocaleString(lang));
      var near = count >= max * 0.9;
      counter.classList.toggle("text-danger", near);
      // Announced only near the limit, not on every key press.
      if (near) {
        counter.setAttribute("aria-live", "polite");
      } else {
        counter.removeAttribute("aria-live");
      }
    }

    field.addEventListener("input", update);
    update();
  }

  function init() {
    var fields = document.querySelectorAll("textarea[maxlength][data-counter]");
    for (var i = 0; i < fields.length; i++) {
      attach(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
