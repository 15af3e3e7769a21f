// The camera coach's hold countdown (motion/coach.js createHoldTimer) and the counter's at-peak
// signal it is fed (motion/counter.js counter.pose), run by node --test.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createHoldTimer } from "../../backrehab/static/backrehab/motion/coach.js";
import { createCounter, LANDMARK } from "../../backrehab/static/backrehab/motion/counter.js";

const FPS = 10;

// Feeds `pose` for `seconds` at FPS from `start`; returns the events and the time reached.
function feed(timer, pose, start, seconds) {
  const events = [];
  let time = start;
  const n = Math.round(seconds * FPS);
  for (let i = 1; i <= n; i++) {
    time = start + i / FPS;
    const event = timer.update(pose, time);
    if (event) events.push({ ...event, time: Math.round(time * 10) / 10 });
  }
  return { events, time };
}

test("a clean hold completes after its seconds at the peak, once", () => {
  const timer = createHoldTimer({ seconds: 10 });
  let step = feed(timer, "rest", 0, 1);
  assert.deepEqual(step.events, []);
  step = feed(timer, "moving", step.time, 1);
  assert.equal(timer.state, "waiting");
  step = feed(timer, "peak", step.time, 12);
  assert.deepEqual(step.events.map((e) => e.event), ["hold", "done"]);
  const done = step.events[1];
  assert.ok(Math.abs(done.time - 12.1) < 0.15, `done at ${done.time}`); // 10 s after reaching the peak
  assert.equal(timer.left, 0);
  assert.equal(timer.state, "done");
});

test("the next hold starts only after the person has come back to rest", () => {
  const timer = createHoldTimer({ seconds: 2 });
  let step = feed(timer, "peak", 0, 3);
  assert.deepEqual(step.events.map((e) => e.event), ["hold", "done"]);
  step = feed(timer, "moving", step.time, 0.5);
  step = feed(timer, "peak", step.time, 3); // still up: no second hold
  assert.deepEqual(step.events, []);
  step = feed(timer, "rest", step.time, 0.5);
  assert.deepEqual(step.events.map((e) => e.event), ["released"]);
  step = feed(timer, "peak", step.time, 2.5);
  assert.deepEqual(step.events.map((e) => e.event), ["hold", "done"]);
});

test("a brief dropout (< 0.5 s) does not pause the hold and its time counts", () => {
  const timer = createHoldTimer({ seconds: 5 });
  let step = feed(timer, "peak", 0, 2); // hold from 0.1 s
  step = feed(timer, "moving", step.time, 0.3); // jitter: three frames off the peak
  step = feed(timer, null, step.time, 0.1); // and one with nobody found
  assert.deepEqual(step.events, []);
  assert.equal(timer.state, "holding");
  step = feed(timer, "peak", step.time, 3);
  assert.deepEqual(step.events.map((e) => e.event), ["done"]);
  assert.ok(Math.abs(step.events[0].time - 5.1) < 0.15, `done at ${step.events[0].time}`);
});

test("leaving the peak pauses the countdown and coming back resumes it", () => {
  const timer = createHoldTimer({ seconds: 6 });
  let step = feed(timer, "peak", 0, 3.1); // 3 s held
  assert.ok(Math.abs(timer.held - 3) < 0.05, `held ${timer.held}`);
  step = feed(timer, "moving", step.time, 2);
  assert.deepEqual(step.events.map((e) => [e.event, e.reason]), [["pause", "left"]]);
  assert.equal(timer.state, "paused");
  assert.ok(Math.abs(timer.held - 3) < 0.05, "the time away is not held");
  step = feed(timer, "peak", step.time, 4);
  assert.deepEqual(step.events.map((e) => [e.event, e.resumed]), [["hold", true], ["done", undefined]]);
  // 3 s before, 3 s after coming back at 5.2 s.
  assert.ok(Math.abs(step.events[1].time - 8.2) < 0.15, `done at ${step.events[1].time}`);
});

test("losing the person pauses, then after a few seconds falls back to the clock, once", () => {
  const timer = createHoldTimer({ seconds: 10, fallbackSeconds: 3 });
  let step = feed(timer, "peak", 0, 2);
  step = feed(timer, null, step.time, 4);
  assert.deepEqual(step.events.map((e) => [e.event, e.reason]), [["pause", "unseen"], ["lost", undefined]]);
  assert.ok(Math.abs(step.events[1].time - 5.1) < 0.15, `lost at ${step.events[1].time}`);
  assert.equal(timer.state, "lost");
  step = feed(timer, "peak", step.time, 12); // back in view: the clock has the exercise now
  assert.deepEqual(step.events, []);
});

test("out of view shorter than the fallback, even before a hold, is not lost", () => {
  const timer = createHoldTimer({ seconds: 3, fallbackSeconds: 3 });
  let step = feed(timer, null, 0, 2.5);
  step = feed(timer, "rest", step.time, 0.2);
  step = feed(timer, null, step.time, 2.5);
  assert.deepEqual(step.events, []);
  assert.equal(timer.state, "waiting");
});

test("a paused player neither counts the hold nor loses the person", () => {
  const timer = createHoldTimer({ seconds: 5 });
  let step = feed(timer, "peak", 0, 1.1);
  for (let t = 1.2; t < 20; t += 0.1) timer.wait(t); // 19 s on pause
  step = feed(timer, "peak", 20, 0.5);
  // 1 s before the pause, 0.6 s after it (from the last paused frame): not the 19 s between.
  assert.ok(Math.abs(timer.held - 1.6) < 0.05, `held ${timer.held}`);
  assert.equal(timer.state, "holding");
});

test("the player's speed runs the held seconds faster, not the tolerances", () => {
  const timer = createHoldTimer({ seconds: 30, speed: 20 });
  const step = feed(timer, "peak", 0, 2);
  assert.deepEqual(step.events.map((e) => e.event), ["hold", "done"]);
  assert.ok(Math.abs(step.events[1].time - 1.6) < 0.15, `done at ${step.events[1].time}`);
  assert.throws(() => createHoldTimer({ seconds: 0 }), /positive/);
});

test("a tapped repetition ends the hold: the next one starts after a rest", () => {
  const timer = createHoldTimer({ seconds: 10 });
  let step = feed(timer, "peak", 0, 2);
  timer.skip();
  step = feed(timer, "peak", step.time, 12);
  assert.deepEqual(step.events, []);
  step = feed(timer, "rest", step.time, 0.2);
  assert.deepEqual(step.events.map((e) => e.event), ["released"]);
});

// --- The counter's at-peak signal -----------------------------------------------------------

const KNEE_MODEL = {
  exercise: "test-knee-hold",
  counted: true,
  per_side: false,
  hold_seconds: 10,
  signals: [{ name: "knee", kind: "angle", side: "near", points: ["hip", "knee", "ankle"], start: 180, peak: 90 }],
  too_fast_seconds: 0.8,
  checks: [],
};

function knees(degrees) {
  const frame = Array.from({ length: 33 }, () => [0.5, 0.5, 0, 0.95]);
  for (const side of ["left", "right"]) {
    const r = (degrees * Math.PI) / 180;
    frame[LANDMARK[`${side}_hip`]] = [0.5, 0.3, 0, 0.95];
    frame[LANDMARK[`${side}_knee`]] = [0.5, 0.5, 0, 0.95];
    frame[LANDMARK[`${side}_ankle`]] = [0.5 + 0.2 * Math.sin(r), 0.5 - 0.2 * Math.cos(r), 0, 0.95];
  }
  return frame;
}

// The counter's pose at each frame of `angles` (one per 1/FPS s).
function poses(angles) {
  const counter = createCounter(KNEE_MODEL);
  return angles.map((a, i) => {
    counter.push(a === null ? null : knees(a), i / FPS);
    return counter.pose;
  });
}

const ramp = (from, to, n) => Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 1)) / n);
const still = (angle, n) => Array(n).fill(angle);

test("the counter is at the peak from the full range on, and rests after the rep", () => {
  const seen = poses([...still(180, 10), ...ramp(180, 90, 10), ...still(90, 20), ...ramp(90, 180, 10), ...still(180, 10)]);
  assert.equal(seen[5], "rest");
  assert.ok(seen.slice(12, 18).includes("moving"));
  assert.ok(seen.slice(25, 40).every((p) => p === "peak"), seen.slice(25, 40).join());
  assert.equal(seen.at(-1), "rest");
  assert.equal(poses([null])[0], null);
});

test("jitter just under the full range does not flicker the peak (hysteresis)", () => {
  // The full range reached, then wobbling between 80% and 70% of it.
  const wobble = Array.from({ length: 30 }, (_, i) => (i % 2 ? 180 - 0.72 * 90 : 180 - 0.82 * 90));
  const seen = poses([...still(180, 5), ...ramp(180, 90, 10), ...still(90, 5), ...wobble]);
  assert.ok(seen.slice(22).every((p) => p === "peak"), seen.slice(22).join());
});

test("a partial rep is at its peak once it has settled there, not while it moves", () => {
  // Only 60% of the range (the patient's own end position), then held still.
  const seen = poses([...still(180, 5), ...ramp(180, 126, 10), ...still(126, 20)]);
  assert.ok(!seen.slice(0, 18).includes("peak"), seen.slice(0, 18).join());
  assert.ok(seen.slice(28).every((p) => p === "peak"), seen.slice(28).join());
});
