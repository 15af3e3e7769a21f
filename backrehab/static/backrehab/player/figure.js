/* The exercise figure in the player: it moves through a repetition and holds the peak pose.
 *
 * The figures are SMIL animations whose cycle goes start -> peak -> start; `peakAt` is where in
 * the cycle (0-1) the peak pose is, so a hold can show it standing still.
 */

export function createFigure(stage, speed) {
  let held = false;
  let peakAt = 0.5;

  const svg = () => {
    const node = stage.querySelector("svg");
    return node && typeof node.setCurrentTime === "function" ? node : null;
  };
  const setDuration = (node, seconds) => {
    const dur = Math.max(0.05, seconds / speed).toFixed(2) + "s";
    node.querySelectorAll("animate").forEach((a) => a.setAttribute("dur", dur));
    return parseFloat(dur);
  };

  return {
    show(node, peak) {
      stage.replaceChildren();
      if (node) stage.appendChild(node);
      peakAt = typeof peak === "number" && peak > 0 && peak < 1 ? peak : 0.5;
      held = false;
    },
    /* One whole cycle (start, peak, back) lasting one repetition. */
    cycle(seconds, paused) {
      const node = svg();
      if (!node) return;
      held = false;
      setDuration(node, seconds);
      node.setCurrentTime(0);
      if (!paused) node.unpauseAnimations();
    },
    /* From the start pose to the peak in `seconds`, then stand still there. */
    moveToPeak(seconds, paused) {
      const node = svg();
      if (!node) return;
      held = false;
      setDuration(node, seconds / peakAt);
      node.setCurrentTime(0);
      if (!paused) node.unpauseAnimations();
    },
    /* The peak pose, standing still for as long as the hold lasts. */
    holdPeak() {
      const node = svg();
      if (!node) return;
      held = true;
      const dur = parseFloat(node.querySelector("animate")?.getAttribute("dur") || "1");
      node.pauseAnimations();
      node.setCurrentTime(peakAt * dur);
    },
    /* Back from the peak to the start pose in `seconds`. */
    release(seconds, paused) {
      const node = svg();
      if (!node) return;
      held = false;
      const dur = setDuration(node, seconds / (1 - peakAt));
      node.setCurrentTime(peakAt * dur);
      if (!paused) node.unpauseAnimations();
    },
    /* Pause freezes a moving figure; resume moves it on, but a held pose stays held. */
    pause(pause) {
      const node = svg();
      if (!node) return;
      if (pause || held) node.pauseAnimations();
      else node.unpauseAnimations();
    },
    get held() {
      return held;
    },
  };
}
