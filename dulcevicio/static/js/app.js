// Site-wide behaviour without inline scripts (the CSP forbids them).
"use strict";

// Forms with data-confirm ask before they submit (deletions, revocations).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Admin lists stack their rows on a phone (app.css): each cell is labelled with its
// column's header text.
for (const table of document.querySelectorAll("table.admin-table")) {
  const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    let column = 0;
    for (const cell of row.cells) {
      if (headers[column] && cell.colSpan === 1) cell.dataset.label = headers[column];
      column += cell.colSpan;
    }
  }
}
