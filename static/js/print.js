// A "Print" link without inline script (the CSP forbids it): [data-print] prints the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});
