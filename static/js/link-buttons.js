/* A link that acts as a button (role="button", e.g. "Kirim jawaban", which opens its
   confirmation dialog; without JavaScript it is a plain link to the dialog) opens with
   Space as a button does, not only with Enter. */
document.addEventListener("keydown", function (event) {
  var link = event.target;
  if (event.key !== " " || !link.matches || !link.matches("a[role='button']")) {
    return;
  }
  event.preventDefault();
  link.click();
});
