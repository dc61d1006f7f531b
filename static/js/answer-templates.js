/* "Sisipkan" of a draft (consultations/partials/answer_templates.html): instead of
   posting the whole draft form (the no-JavaScript way, which brings the page back with
   the passage appended), ask consultations:answer_template_insert for the passage alone
   (JSON; the server counts the use) and put it where the cursor was in the textarea, or
   after the text when the textarea was not used yet. Nothing typed is replaced unless it
   was selected. A refusal is said in the block's status line, for screen readers too. */
(function () {
  var script = document.currentScript;
  if (!script || !window.fetch || !window.FormData) {
    return;
  }

  function joined(before, passage, after) {
    var head = before.replace(/\s+$/, "");
    var tail = after.replace(/^\s+/, "");
    return (head ? head + "\n\n" : "") + passage + (tail ? "\n\n" + tail : "");
  }

  function setUp(block) {
    var button = block.querySelector("button[name=sasaran]");
    var select = block.querySelector("select[name=templat]");
    var status = block.querySelector("[data-answer-templates-status]");
    var area = document.getElementById(block.dataset.field);
    var form = block.closest("form");
    if (!button || !select || !area || !form) {
      return;
    }
    var used = false; // the cursor means something once the textarea has been used
    area.addEventListener("focus", function () { used = true; });

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("visually-hidden", !isError);
      status.classList.toggle("text-danger", !!isError);
      status.classList.toggle("small", !!isError);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var body = new FormData();
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      body.append("csrfmiddlewaretoken", token ? token.value : script.dataset.csrf);
      body.append("sasaran", button.value);
      body.append("templat", select.value);
      button.disabled = true;
      fetch(block.dataset.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok || typeof data.text !== "string") {
            say(data.error || button.dataset.failed || "Gagal.", true);
            if (!select.value) { select.focus(); }
            return;
          }
          var start = used ? area.selectionStart : area.value.length;
          var end = used ? area.selectionEnd : area.value.length;
          var before = area.value.slice(0, start);
          var value = joined(before, data.text, area.value.slice(end));
          area.value = value;
          var caret = joined(before, data.text, "").length;
          area.focus();
          area.setSelectionRange(caret, caret);
          area.dispatchEvent(new Event("input", { bubbles: true }));
          say(script.dataset.inserted, false);
        });
      }).catch(function () {
        say(button.dataset.failed || "Gagal.", true);
      }).finally(function () {
        button.disabled = false;
      });
    });
  }

  document.querySelectorAll("[data-answer-templates]").forEach(setUp);
})();
