// Behaviour the templates used to write inline (onclick=…), which the Content-Security-Policy
// refuses: bound here, from a file the policy allows.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-qp-print]")) {
    window.print();
  }
});
