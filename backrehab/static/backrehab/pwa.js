/* The installable app: registers the service worker, and forgets a patient's kept pages when
 * they sign out (or when nobody is signed in), so the next person on this phone never sees them.
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var signedIn = document.body.getAttribute("data-patient") === "1";

  function forgetPages() {
    if (window.caches) return window.caches.delete("backrehab-pages");
    return Promise.resolve();
  }

  if (!signedIn) forgetPages();
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
    if (!signedIn) return;
    // Keep Today, the program and the session page of the patient signed in now.
    navigator.serviceWorker.ready.then(function (ready) {
      if (ready.active) ready.active.postMessage("keep-pages");
    });
    return registration;
  }).catch(function () { /* the app works without it, only not offline */ });

  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-forgotten") === "1") return;
      event.preventDefault();
      var done = function () {
        form.setAttribute("data-forgotten", "1");
        form.submit();
      };
      var steps = [forgetPages()];
      if (window.backrehabPush) steps.push(window.backrehabPush.forgetDevice());
      Promise.all(steps).then(done, done);
    });
  });
})();
