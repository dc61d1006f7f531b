/* After a refused submit (templates/partials/form_errors.html): keyboard and screen-reader
   users land on the summary of errors instead of the top of the page, and the title says
   there is an error (the server already does for a page's single ``form``; the prefixed
   forms of a case page are done here). */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  var prefix = summary.dataset.titlePrefix;
  if (prefix && document.title.indexOf(prefix) !== 0) {
    document.title = prefix + document.title;
  }
  summary.focus();
});
