// The camera coach's counter, specified on hand-made landmark sequences.
// Run with `node --test tests/js/` (make test does).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  countRecording, createCounter, validateRecording, vertexAngle, directionAngle, phaseOf, LANDMARK,
} from "../../backrehab/static/backrehab/motion/counter.js";

// A knee that bends from straight (180) to a right angle (90): hip above knee, ankle swinging.
const KNEE_MODEL = {
  exercise: "test-knee-bend",
  counted: true,
  per_side: false,
  hold_seconds: 0,
  signals: [{ name: "knee", kind: "angle", side: "near", points: ["hip", "knee", "ankle"], start: 180, peak: 90 }],
  too_fast_seconds: 0.8,
  checks: [],
};

function frameWithKnees(leftDegrees, rightDegrees = leftDegrees, visibility = 0.95) {
  const frame = Array.from({ length: 33 }, () => [0.5, 0.5, 0, visibility]);
  const place = (side, degrees) => {
    const hip = [0.5, 0.3], knee = [0.5, 0.5];
    const r = (degrees * Math.PI) / 180; // angle at the knee between thigh (up) and shank
    const ankle = [knee[0] + 0.2 * Math.sin(r), knee[1] - 0.2 * Math.cos(r)];
    frame[LANDMARK[`${side}_hip`]] = [...hip, 0, visibility];
    frame[LANDMARK[`${side}_knee`]] = [...knee, 0, visibility];
    frame[LANDMARK[`${side}_ankle`]] = [...ankle, 0, visibility];
  };
  place("left", leftDegrees);
  place("right", rightDegrees);
  return frame;
}

// `reps` smooth bends at `fps`, each taking `seconds`, with `rest` seconds straight in between.
function bends({ reps, fps = 30, seconds = 2, rest = 0.5, depth = 90, side = "both", jitter = 0, seed = 1 }) {
  let state = seed;
  const random = () => ((state = (state * 16807) % 2147483647) / 2147483647) - 0.5;
  const frames = [];
  const straight = () => frames.push(frameWithKnees(180 + jitter * random(), 180 + jitter * random()));
  for (let i = 0; i < rest * fps; i++) straight();
  for (let r = 0; r < reps; r++) {
    const n = Math.round(seconds * fps);
    for (let i = 0; i <= n; i++) {
      const bend = (180 - depth) * Math.sin((Math.PI * i) / n) + jitter * random();
      const moving = 180 - bend, still = 180 + jitter * random();
      frames.push(side === "left" ? frameWithKnees(moving, still) : side === "right" ? frameWithKnees(still, moving) : frameWithKnees(moving, moving));
    }
    for (let i = 0; i < rest * fps; i++) straight();
  }
  return { fps, frames };
}

test("angles are measured in the image plane, unsigned", () => {
  assert.equal(Math.round(vertexAngle([0, 0], [0, 1], [1, 1])), 90);
  assert.equal(Math.round(vertexAngle([0, 0], [0, 1], [0, 2])), 180);
  assert.equal(Math.round(directionAngle([0, 0], [0, 1])), 0); // pointing down the image
  assert.equal(Math.round(directionAngle([0, 0], [1, 0])), 90);
});

test("the phase runs from 0 at the start pose to 1 at the peak", () => {
  assert.equal(Math.round(phaseOf(frameWithKnees(180), KNEE_MODEL, "right") * 100), 0);
  assert.equal(Math.round(phaseOf(frameWithKnees(90), KNEE_MODEL, "right") * 100), 100);
  assert.equal(Math.round(phaseOf(frameWithKnees(135), KNEE_MODEL, "right") * 100), 50);
});

test("it counts each full repetition once", () => {
  const result = countRecording(KNEE_MODEL, bends({ reps: 8 }));
  assert.equal(result.reps, 8);
  assert.equal(result.full_range_reps, 8);
  assert.equal(result.reps_frames.length, 8);
  assert.deepEqual(result.form, []);
});

test("jitter around the thresholds does not count twice", () => {
  assert.equal(countRecording(KNEE_MODEL, bends({ reps: 6, jitter: 12 })).reps, 6);
});

test("dropped frames and hidden landmarks do not lose or add reps", () => {
  const recording = bends({ reps: 5 });
  recording.frames = recording.frames.map((f, i) => (i % 7 === 3 ? null : f));
  recording.frames[40] = frameWithKnees(120, 120, 0.1); // a moment where the legs are not seen
  assert.equal(countRecording(KNEE_MODEL, recording).reps, 5);
});

test("a small wobble that never reaches half the range is not a rep", () => {
  assert.equal(countRecording(KNEE_MODEL, bends({ reps: 4, depth: 150 })).reps, 0);
});

test("a partial-range rep counts and is reported as short of the full range", () => {
  const result = countRecording(KNEE_MODEL, bends({ reps: 3, depth: 125 }));
  assert.equal(result.reps, 3);
  assert.equal(result.full_range_reps, 0);
  assert.equal(result.form[0].check, "range");
  assert.equal(result.form[0].frames.length, 3);
});

test("reps that are much faster than the demonstration are flagged", () => {
  const result = countRecording(KNEE_MODEL, bends({ reps: 4, seconds: 0.5 }));
  assert.equal(result.reps, 4);
  assert.ok(result.form.some((f) => f.check === "tempo"));
  assert.match(result.form.find((f) => f.check === "tempo").text, /Slow down/);
});

test("a per-side exercise counts each side on its own", () => {
  const model = { ...KNEE_MODEL, per_side: true };
  const left = bends({ reps: 4, side: "left" });
  const right = bends({ reps: 3, side: "right" });
  const result = countRecording(model, { fps: 30, frames: [...left.frames, ...right.frames] });
  assert.deepEqual(result.sides, { left: 4, right: 3 });
  assert.equal(result.reps, 7);
});

test("holds are timed at the peak pose", () => {
  const model = { ...KNEE_MODEL, hold_seconds: 5 };
  const frames = [];
  for (let i = 0; i < 15; i++) frames.push(frameWithKnees(180));
  for (let i = 0; i < 30; i++) frames.push(frameWithKnees(180 - (90 * i) / 30));
  for (let i = 0; i < 150; i++) frames.push(frameWithKnees(90)); // 5 s at the peak
  for (let i = 0; i < 30; i++) frames.push(frameWithKnees(90 + (90 * i) / 30));
  for (let i = 0; i < 15; i++) frames.push(frameWithKnees(180));
  const result = countRecording(model, { fps: 30, frames });
  assert.equal(result.reps, 1);
  assert.ok(Math.abs(result.holds_seconds[0] - 5.5) < 0.8, `held ${result.holds_seconds[0]} s`);
});

test("an exercise check speaks once per rep that breaks it, in the patient's language", () => {
  const model = {
    ...KNEE_MODEL,
    checks: [{ id: "not-too-deep", kind: "angle-at-peak", points: ["near_hip", "near_knee", "near_ankle"], min: 100, max: 180, text: "Not so deep.", text_es: "No tan abajo." }],
  };
  const cues = [];
  const counter = createCounter(model, { language: "es", onCue: (text) => cues.push(text) });
  bends({ reps: 3 }).frames.forEach((f, i) => counter.push(f, i / 30));
  assert.equal(counter.count, 3);
  assert.deepEqual(cues, ["No tan abajo.", "No tan abajo.", "No tan abajo."]);
  assert.equal(counter.result().form[0].check, "not-too-deep");
});

test("a clean movement raises no check", () => {
  const model = {
    ...KNEE_MODEL,
    checks: [{ id: "not-too-deep", kind: "angle-at-peak", points: ["near_hip", "near_knee", "near_ankle"], min: 80, max: 180, text: "Not so deep." }],
  };
  assert.deepEqual(countRecording(model, bends({ reps: 3 })).form, []);
});

test("a bad recording is refused with a message naming what is wrong", () => {
  assert.match(validateRecording([])[0], /JSON object/);
  assert.match(validateRecording({ fps: "x", frames: [] })[0], /fps/);
  assert.match(validateRecording({ fps: 30, frames: [[1, 2]] })[0], /frame 0 must be null or a list of 33/);
  const frame = frameWithKnees(180);
  frame[5] = ["a", 0, 0, 1];
  assert.match(validateRecording({ fps: 30, frames: [frame] })[0], /frame 0, landmark 5/);
  assert.throws(() => countRecording(KNEE_MODEL, { fps: 30 }), /frames/);
});
