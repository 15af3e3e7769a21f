// Play/pause for the animated exercise figures (SMIL animations inside inline SVG).
// People who ask their system for reduced motion get the figure paused until they press Play.
(function () {
  "use strict";
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.querySelectorAll("[data-figure]").forEach(function (box) {
    var svg = box.querySelector("svg");
    var button = box.querySelector("[data-figure-toggle]");
    if (!svg || !button || typeof svg.pauseAnimations !== "function") return;
    function show(paused) {
      button.textContent = paused ? (button.dataset.play || "Play") : (button.dataset.pause || "Pause");
      button.setAttribute("aria-pressed", paused ? "true" : "false");
    }
    button.hidden = false;
    if (reduce) { svg.pauseAnimations(); }
    show(svg.animationsPaused());
    button.addEventListener("click", function () {
      if (svg.animationsPaused()) { svg.unpauseAnimations(); } else { svg.pauseAnimations(); }
      show(svg.animationsPaused());
    });
  });
})();
