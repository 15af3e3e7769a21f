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

// The newest page of a thread follows it live: every few seconds while the page is in view it
// asks whether anything changed (a new message, a read receipt). The server answers 204 when
// nothing did, so a thread left open costs one small query a poll; when something did, the
// thread is replaced and a screen reader hears that there are new messages.
(function () {
  "use strict";
  var thread = document.getElementById("thread");
  if (!thread || !thread.getAttribute("data-live-state") || !window.fetch) return;
  var status = document.getElementById("thread-status");
  var url = thread.getAttribute("data-live-url");
  var EVERY_MS = parseInt(thread.getAttribute("data-live-every") || "", 10) || 10000;
  var busy = false;

  function newest() {
    var items = thread.querySelectorAll("li.msg");
    return items.length ? items[items.length - 1] : null;
  }

  function poll() {
    if (busy || document.visibilityState !== "visible") return;
    busy = true;
    var state = thread.getAttribute("data-live-state");
    var before = thread.querySelectorAll("li.msg").length;
    fetch(url + "?since=" + encodeURIComponent(state), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      cache: "no-store",
    })
      .then(function (response) {
        if (response.status !== 200) return null;
        var next = response.headers.get("X-Thread-State");
        return response.text().then(function (html) {
          return { html: html, state: next };
        });
      })
      .then(function (update) {
        if (!update || !update.state) return;
        thread.innerHTML = update.html;
        thread.setAttribute("data-live-state", update.state);
        var last = newest();
        var theirs = last && last.classList.contains("msg-theirs");
        if (status && theirs && thread.querySelectorAll("li.msg").length > before) {
          status.textContent = status.getAttribute("data-new-words") || "";
          last.scrollIntoView({ block: "nearest" });
        }
      })
      .catch(function () {
        // Offline or the server restarting: the next poll tries again.
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(poll, EVERY_MS);
  document.addEventListener("visibilitychange", poll);
})();
