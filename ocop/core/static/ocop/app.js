// The little behaviour the pages need, with no inline script (the Content-Security-Policy allows none).
// A select or input marked data-autosubmit sends its form when it changes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});

// A text area's length beside it ("120 of 2000 characters"), so nobody learns of a limit only when refused.
function updateCounter(area) {
  var counter = document.querySelector('[data-counter-for="' + area.id + '"]');
  if (!counter) { return; }
  var limit = parseInt(counter.getAttribute("data-limit"), 10);
  var n = area.value.length;
  counter.textContent = counter.getAttribute("data-format").replace("{n}", n).replace("{limit}", limit);
  counter.classList.toggle("error", n > limit);
}
document.addEventListener("input", function (event) {
  if (event.target.tagName === "TEXTAREA" && event.target.id) { updateCounter(event.target); }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var area = document.getElementById(counter.getAttribute("data-counter-for"));
    if (area) { updateCounter(area); }
  });
});

// A list of check boxes with a search field above it (data-filter-for="<the list's id>"): typing hides the
// choices that do not hold every word typed, accents ignored ("mat ong" finds "Mật ong"); checked ones stay.
function foldText(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}
document.addEventListener("input", function (event) {
  var box = event.target.closest("[data-filter-for]");
  var list = box && document.getElementById(box.getAttribute("data-filter-for"));
  if (!list) { return; }
  var words = foldText(box.value).split(/\s+/).filter(Boolean);
  Array.prototype.forEach.call(list.children, function (item) {
    var text = foldText(item.textContent);
    item.hidden = !item.querySelector("input:checked") && !words.every(function (w) { return text.indexOf(w) >= 0; });
  });
});
