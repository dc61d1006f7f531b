/* "Back to the form" on error pages: the browser's own Back, which keeps what was typed.
   The button stays hidden without JavaScript (the page then says to use Back). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    if (window.history.length < 2) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.history.back();
    });
  });
});
