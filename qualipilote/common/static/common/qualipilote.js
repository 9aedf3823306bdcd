// Behaviour the templates used to write inline (onclick=…), which the Content-Security-Policy
// refuses: bound here, from a file the policy allows.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-qp-print]")) {
    window.print();
  }
});

// Wide tables whose latest columns matter most (the indicators' recent months) open scrolled to
// their end; the keyboard and the scroll bar still reach the earlier columns.
document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("[data-qp-scroll-end]")) {
    area.scrollLeft = area.scrollWidth;
  }
});

// After a failed submit, the summary of the form's errors takes the focus: a keyboard or
// screen-reader user starts from the list of what to correct (each item links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-qp-focus]");
  if (summary) {
    summary.focus();
  }
});
