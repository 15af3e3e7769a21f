/* The player's clock: one countdown at a time, paused and resumed as a whole.
 *
 * Time comes from `now()` (milliseconds) and moves `speed` times faster than the wall clock
 * (?speed=N in tests and demonstrations). The clock never schedules anything itself: `tick()` is
 * called by the page's interval, or by a test with a fake `now`.
 */

export function formatSeconds(seconds) {
  const whole = Math.max(0, Math.ceil(seconds - 1e-9));
  if (whole < 60) return String(whole);
  const rest = whole % 60;
  return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
}

export class Clock {
  constructor({ speed = 1, now = () => performance.now() } = {}) {
    this.speed = speed;
    this.now = now;
    this.countdown = null; // {left, shown, onSecond, done}
    this.paused = false;
    this.lastTick = now();
  }

  /* Count `seconds` down; onSecond(left, wholeSecondOrNull) on every tick, done() at zero. */
  countDown(seconds, onSecond, done) {
    this.countdown = { left: seconds, shown: -1, onSecond: onSecond, done: done };
    this.lastTick = this.now();
    this.tick();
  }

  stop() {
    this.countdown = null;
  }

  get running() {
    return this.countdown !== null;
  }

  pause() {
    this.paused = true;
  }

  resume() {
    // The time spent paused is not counted down.
    this.paused = false;
    this.lastTick = this.now();
  }

  tick() {
    const now = this.now();
    const elapsed = ((now - this.lastTick) / 1000) * this.speed;
    this.lastTick = now;
    if (!this.countdown || this.paused) return;
    const current = this.countdown;
    current.left -= elapsed;
    const whole = Math.max(0, Math.ceil(current.left - 1e-9));
    if (current.onSecond) current.onSecond(current.left, whole !== current.shown ? whole : null);
    current.shown = whole;
    if (current.left <= 0 && this.countdown === current) {
      this.countdown = null;
      current.done();
    }
  }
}
