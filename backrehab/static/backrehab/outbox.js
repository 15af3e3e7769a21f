/* backrehab outbox: a finished session is kept on the phone until the server says it stored it.
 *
 * Every log goes into localStorage first and leaves only on a 200/201 answer with
 * {"stored": true}. Sending is retried when a page with this script loads, when the phone comes
 * back online and every 15 seconds. The server stores a log once by its client_id, so sending
 * it twice is harmless.
 */
(function () {
  "use strict";
  var KEY = "backrehab.outbox";
  var RETRY_MS = 15000;
  var sending = false;
  var again = false;
  var lastProblem = "";

  function read() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function write(list) {
    window.localStorage.setItem(KEY, JSON.stringify(list));
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var holder = document.querySelector("[data-csrf]");
    return holder ? holder.getAttribute("data-csrf") : "";
  }

  function showStatus() {
    var pending = read().length;
    var state;
    if (!pending) state = "saved";
    else if (sending && !lastProblem) state = "sending";
    else if (lastProblem === "signed-out") state = "signed-out";
    else if (lastProblem === "rejected") state = "rejected";
    else state = "offline";
    var english = {
      saved: "Saved.",
      sending: "Saved on this phone. Sending…",
      "signed-out": "Saved on this phone. It will be sent after you sign in again.",
      rejected: "Saved on this phone, but the server could not accept it yet. We will keep trying.",
      offline: "Saved on this phone – it will be sent when you're back online."
    };
    var nodes = document.querySelectorAll("[data-outbox-status]");
    for (var i = 0; i < nodes.length; i++) {
      // The page gives the words in the patient's language (data-text-<state>).
      nodes[i].textContent = nodes[i].getAttribute("data-text-" + state) || english[state];
      nodes[i].setAttribute("data-pending", String(pending));
    }
  }

  function send(entry) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "error",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ client_id: entry.client_id, program: entry.program, session: entry.session }),
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) lastProblem = "signed-out";
      else if (response.status >= 400 && response.status < 500) lastProblem = "rejected";
      if (response.status !== 200 && response.status !== 201) return false;
      return response.json().then(function (body) {
        return Boolean(body && body.stored);
      });
    });
  }

  function remove(clientId) {
    write(read().filter(function (e) { return e.client_id !== clientId; }));
  }

  /* Send every waiting log, one after another; resolves once this round is over. */
  function flush() {
    if (sending) { again = true; return Promise.resolve(); }
    var waiting = read();
    if (!waiting.length) { showStatus(); return Promise.resolve(); }
    sending = true;
    again = false;
    lastProblem = "";
    showStatus();
    var chain = Promise.resolve();
    waiting.forEach(function (entry) {
      chain = chain.then(function () {
        return send(entry).then(function (stored) {
          if (stored) remove(entry.client_id);
        }, function () {
          lastProblem = "offline";
        });
      });
    });
    return chain.then(function () {
      sending = false;
      showStatus();
      // A log added while this round was under way goes now, not in 15 seconds.
      if (again) return flush();
    });
  }

  /* Keep a finished session (first on the phone, then on the server). */
  function add(entry) {
    var list = read().filter(function (e) { return e.client_id !== entry.client_id; });
    list.push(entry);
    write(list);
    showStatus();
    return flush();
  }

  window.backrehabOutbox = { add: add, flush: flush, pending: function () { return read(); } };
  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flush);
  else flush();
})();
