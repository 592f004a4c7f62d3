// The little behaviour the pages need, with no inline script (the Content-Security-Policy allows none).
// A select or input marked data-autosubmit sends its form when it changes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});

// A form marked data-confirm="<question>" asks before it is sent (an account deactivated, say); an empty one does not.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
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

// "Nearest to me first" on a product page: with the location the browser shares (it asks first), the points of
// sale with coordinates are sorted by distance and each shows how far it is; nothing leaves the browser.
function distanceKm(lat1, lon1, lat2, lon2) {
  var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
  var a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
  return 12742 * Math.asin(Math.sqrt(a));
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-nearest]");
  if (!button) { return; }
  var list = document.getElementById(button.getAttribute("data-nearest"));
  var status = document.getElementById("nearest-status");
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var say = function (vi, en) { if (status) { status.textContent = lang === "en" ? en : vi; } };
  if (!list || !navigator.geolocation) { say("Trình duyệt không cho biết vị trí.", "The browser cannot tell the location."); return; }
  say("Đang lấy vị trí…", "Finding your location…");
  navigator.geolocation.getCurrentPosition(function (position) {
    var here = position.coords, items = Array.prototype.slice.call(list.querySelectorAll("li[data-lat]"));
    items.forEach(function (li) {
      li.dataset.km = distanceKm(here.latitude, here.longitude, parseFloat(li.dataset.lat), parseFloat(li.dataset.lon));
      var shown = li.querySelector(".distance");
      if (shown) { shown.textContent = " · " + Number(li.dataset.km).toLocaleString(lang === "en" ? "en-GB" : "vi-VN", {maximumFractionDigits: 1}) + " km"; }
    });
    items.sort(function (a, b) { return a.dataset.km - b.dataset.km; });
    for (var i = items.length - 1; i >= 0; i--) { list.insertBefore(items[i], list.firstChild); }
    say("Đã xếp nơi gần bạn nhất lên trước.", "Nearest first.");
  }, function () {
    say("Không lấy được vị trí: danh sách giữ nguyên.", "No location: the list is unchanged.");
  }, {maximumAge: 600000, timeout: 10000});
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
