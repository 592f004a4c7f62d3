// The little behaviour the pages need, with no inline script (the Content-Security-Policy allows none).
// A select or input marked data-autosubmit sends its form when it changes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
