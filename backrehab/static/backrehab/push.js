/* Notifications on this phone (Web Push).
 *
 * On the Reminders page: the "Notifications on this phone" switch, shown only where the browser
 * can take push notifications. Permission is asked only when the patient turns it on; the
 * browser's subscription goes to the server, which sends reminders and new-message notices to
 * it (never anything about the patient's health).
 * On every patient page: signing out (pwa.js) calls forgetDevice(), which tells the server to
 * stop and drops the browser's subscription, so the next person on this phone gets nothing.
 */
(function () {
  "use strict";

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response.json();
    });
  }

  function within(ms, promise) {
    return Promise.race([promise, new Promise(function (resolve) { setTimeout(resolve, ms); })]);
  }

  function existingSubscription() {
    return navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    });
  }

  function keyBytes(base64url) {
    var text = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) text += "=";
    var raw = window.atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  /* A subscription made with another server key (the key was replaced) cannot be used. */
  function madeWith(subscription, key) {
    var options = subscription.options;
    if (!options || !options.applicationServerKey) return true;
    var theirs = new Uint8Array(options.applicationServerKey);
    if (theirs.length !== key.length) return false;
    for (var i = 0; i < key.length; i++) if (theirs[i] !== key[i]) return false;
    return true;
  }

  /* Signing out: the server stops sending here, and the browser drops the subscription. */
  function forgetDevice() {
    var url = document.body.getAttribute("data-push-unsubscribe");
    if (!supported() || !url) return Promise.resolve();
    var forgetting = existingSubscription().then(function (subscription) {
      if (!subscription) return null;
      return post(url, { endpoint: subscription.endpoint })
        .catch(function () { /* offline: the push service will answer 410 to the next push */ })
        .then(function () { return subscription.unsubscribe(); });
    }).catch(function () { /* nothing more to do */ });
    return within(3000, forgetting);
  }

  window.backrehabPush = { forgetDevice: forgetDevice };

  var section = document.getElementById("push");
  if (!section || !supported()) return;
  var toggle = document.getElementById("push-switch");
  var state = document.getElementById("push-state");
  var key = keyBytes(section.getAttribute("data-push-key"));
  var subscribeUrl = section.getAttribute("data-subscribe-url");
  var unsubscribeUrl = section.getAttribute("data-unsubscribe-url");

  function say(what) {
    state.textContent = section.getAttribute("data-text-" + what) || "";
  }

  function show(on) {
    toggle.checked = on;
    say(on ? "on" : "off");
  }

  function switchOn() {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        if (permission === "denied") toggle.disabled = true;
        return permission === "denied" ? "blocked" : "off";
      }
      navigator.serviceWorker.register("/sw.js", { scope: "/" });
      return navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.getSubscription().then(function (old) {
          if (old && madeWith(old, key)) return old;
          var dropped = old ? old.unsubscribe() : Promise.resolve();
          return dropped.then(function () {
            return registration.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: key,
            });
          });
        });
      }).then(function (subscription) {
        return post(subscribeUrl, subscription.toJSON()).then(function () { return "on"; });
      });
    });
  }

  function switchOff() {
    return existingSubscription().then(function (subscription) {
      if (!subscription) return "off";
      return post(unsubscribeUrl, { endpoint: subscription.endpoint }).then(function () {
        return subscription.unsubscribe();
      }).then(function () { return "off"; });
    });
  }

  toggle.addEventListener("change", function () {
    var wanted = toggle.checked;
    toggle.disabled = true;
    say("working");
    (wanted ? switchOn() : switchOff()).then(function (result) {
      toggle.disabled = result === "blocked";
      toggle.checked = result === "on";
      say(result);
    }, function () {
      toggle.disabled = false;
      toggle.checked = !wanted;
      say("failed");
    });
  });

  section.hidden = false;
  if (Notification.permission === "denied") {
    toggle.disabled = true;
    toggle.checked = false;
    say("blocked");
    return;
  }
  /* Already on in this browser: tell the server again (it may have forgotten, e.g. after a
   * restore), so the switch shows what really happens. */
  existingSubscription().then(function (subscription) {
    if (!subscription || Notification.permission !== "granted" || !madeWith(subscription, key)) {
      show(false);
      return;
    }
    return post(subscribeUrl, subscription.toJSON()).then(function () { show(true); });
  }).catch(function () { show(false); });
})();
