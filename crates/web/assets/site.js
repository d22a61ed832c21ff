// ocop — small behaviours without inline scripts (the CSP forbids them).
// Filter forms marked data-autosubmit submit when a select changes.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.form && target.form.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});
