// Message pages: a quick reply goes into the message box without reloading the page (the link
// still works without JavaScript), and the box counts the characters left.
(function () {
  "use strict";
  var box = document.querySelector("#compose textarea");
  if (!box) return;
  var counter = document.getElementById(box.getAttribute("data-counter"));
  var most = parseInt(box.getAttribute("maxlength"), 10) || 0;
  var template = counter ? counter.textContent : "";
  var words = box.getAttribute("data-left-words") || "";

  function count() {
    if (!counter || !most) return;
    var left = Math.max(0, most - box.value.length);
    counter.textContent = left < most ? left + " " + words : template;
  }

  document.querySelectorAll("a[data-quick-reply]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var text = link.getAttribute("data-quick-reply");
      var start = box.selectionStart || box.value.length;
      var end = box.selectionEnd || box.value.length;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + text.length;
      count();
    });
  });
  box.addEventListener("input", count);
  count();
})();
