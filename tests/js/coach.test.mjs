// The camera coach's framing check, cue scheduler and count source, run by node --test.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  countRecord, countSource, createCueScheduler, createFramingWatch, framing, mostCommonProblem,
  neededJoints, toFrame,
} from "../../backrehab/static/backrehab/motion/coach.js";
import { exerciseLog } from "../../backrehab/static/backrehab/player/log.js";

const model = { required: ["far_hip", "far_knee", "near_hip", "near_knee", "near_shoulder", "nose"] };

// A whole body in the middle of the picture, every landmark seen.
function body() {
  return Array.from({ length: 33 }, (_, i) => [0.3 + (i % 5) * 0.1, 0.1 + (i / 33) * 0.8, 0, 0.99]);
}

test("the joints needed are the model's landmarks without their side", () => {
  assert.deepEqual(neededJoints(model).sort(), ["hip", "knee", "nose", "shoulder"]);
  assert.deepEqual(neededJoints({ required: [] }), []);
});

test("MediaPipe's landmarks become the counter's frame, and anything else no frame", () => {
  const landmarks = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.4, z: -0.1, visibility: 0.9 }));
  assert.deepEqual(toFrame(landmarks)[0], [0.5, 0.4, -0.1, 0.9]);
  assert.equal(toFrame(landmarks).length, 33);
  assert.equal(toFrame(undefined), null);
  assert.equal(toFrame(landmarks.slice(1)), null);
});

test("a body fully in view passes the framing check", () => {
  assert.deepEqual(framing(body(), model), { ok: true, missing: [] });
});

test("one side is enough: the far limbs may hide behind the body", () => {
  const frame = body();
  frame[24][3] = 0.1; // right hip hidden
  frame[26][3] = 0.2; // right knee hidden
  assert.equal(framing(frame, model).ok, true);
});

test("knees out of the picture or unseen on both sides fail it, naming the body part", () => {
  const frame = body();
  frame[25] = [0.5, 1.02, 0, 0.9]; // below the bottom edge
  frame[26][3] = 0.1;
  assert.deepEqual(framing(frame, model), { ok: false, missing: ["knees"] });
  frame[0][3] = 0.0; // the nose too
  assert.deepEqual(framing(frame, model).missing, ["head", "knees"]);
});

test("no person found: everything the exercise needs is missing", () => {
  assert.deepEqual(framing(null, model), { ok: false, missing: ["head", "shoulders", "hips", "knees"] });
});

test("the framing watch waits for a steady view, then reports leaving and coming back once", () => {
  const watch = createFramingWatch({ settleSeconds: 1, loseSeconds: 1.5 });
  const good = { ok: true, missing: [] };
  const bad = { ok: false, missing: ["feet"] };
  assert.equal(watch.update(good, 0), null);
  assert.equal(watch.update(bad, 0.5), null); // a flicker restarts the wait
  assert.equal(watch.update(good, 0.6), null);
  assert.equal(watch.update(good, 1.5), null);
  assert.deepEqual(watch.update(good, 1.6), { event: "ready", missing: [] });
  assert.equal(watch.update(bad, 2.0), null);
  assert.equal(watch.update(bad, 3.0), null); // less than 1.5 s out of view: nothing said
  assert.deepEqual(watch.update(bad, 3.6), { event: "lost", missing: ["feet"] });
  assert.equal(watch.update(bad, 4.0), null); // said once, not every frame
  assert.deepEqual(watch.update(good, 4.1), { event: "back", missing: [] });
  assert.equal(watch.update(good, 4.2), null);
  assert.equal(watch.state, "ready");
});

test("cues come one at a time and the same one is not repeated soon", () => {
  const cues = createCueScheduler({ gapSeconds: 4, repeatSeconds: 20 });
  assert.equal(cues.offer("form:hips", "Lift your hips", 0), "Lift your hips");
  assert.equal(cues.offer("tempo", "Slow down", 2), null); // too soon after the last cue
  assert.equal(cues.offer("tempo", "Slow down", 4.5), "Slow down");
  assert.equal(cues.offer("form:hips", "Lift your hips", 10), null); // said 10 s ago
  assert.equal(cues.offer("form:hips", "Lift your hips", 21), "Lift your hips");
  assert.equal(cues.offer("", "", 40), null);
});

test("a body out of view is said at once, but still not over and over", () => {
  const cues = createCueScheduler({ gapSeconds: 4, repeatSeconds: 20 });
  cues.offer("form:hips", "Lift your hips", 0);
  assert.equal(cues.offer("framing", "The phone cannot see your feet.", 1, { urgent: true }), "The phone cannot see your feet.");
  assert.equal(cues.offer("framing", "The phone cannot see your feet.", 3, { urgent: true }), null);
  cues.reset();
  assert.equal(cues.offer("framing", "The phone cannot see your feet.", 3, { urgent: true }), "The phone cannot see your feet.");
});

test("the count's source is the one that counted most, the less certain one on a tie", () => {
  assert.equal(countSource({ camera: 0, tapped: 0, paced: 0 }), null);
  assert.equal(countSource({ camera: 9, tapped: 1, paced: 0 }), "camera");
  assert.equal(countSource({ camera: 5, tapped: 5, paced: 0 }), "tapped");
  assert.equal(countSource({ camera: 4, tapped: 0, paced: 4 }), "paced");
  assert.equal(countSource({ camera: 2, tapped: 0, paced: 8 }), "paced");
});

test("the log's count record: source, total, full range for the camera, and a correction", () => {
  assert.deepEqual(countRecord({ camera: 9, tapped: 1, paced: 0 }, { fullRange: 8 }), {
    count_source: "camera", reps_counted: 10, count_corrected: false, full_range_reps: 8,
  });
  assert.deepEqual(countRecord({ camera: 9, tapped: 1, paced: 0 }, { corrected: 7, fullRange: 8 }), {
    count_source: "camera", reps_counted: 7, count_corrected: true, full_range_reps: 7,
  });
  // Changed and changed back is not a correction.
  assert.equal(countRecord({ camera: 10 }, { corrected: 10, fullRange: 10 }).count_corrected, false);
  assert.deepEqual(countRecord({ paced: 20 }), { count_source: "paced", reps_counted: 20, count_corrected: false });
  assert.equal(countRecord({ camera: 0, tapped: 0, paced: 0 }), null);
});

test("the exercise log carries the count record, only for exercises with repetitions", () => {
  const item = { exercise: "glute-bridge", reps: 10, hold_seconds: null, duration_seconds: null };
  const record = countRecord({ camera: 20 }, { fullRange: 18 });
  const log = exerciseLog(item, 2, { pain: 2, effort: 4 }, record);
  assert.equal(log.count_source, "camera");
  assert.equal(log.reps_counted, 20);
  assert.equal(log.full_range_reps, 18);
  assert.equal(log.count_corrected, false);
  const walk = { exercise: "walking", reps: null, hold_seconds: null, duration_seconds: 600 };
  assert.equal("count_source" in exerciseLog(walk, 1, { pain: 2, effort: 4 }, record), false);
  assert.equal("count_source" in exerciseLog(item, 2, { pain: 2, effort: 4 }), false);
});

test("the summary names the most frequent form problem", () => {
  assert.equal(mostCommonProblem([["tempo"], ["hips-to-line", "range"], ["hips-to-line"]]), "hips-to-line");
  assert.equal(mostCommonProblem([[], []]), null);
  assert.equal(mostCommonProblem([["tempo", "tempo"], ["range"]]), "tempo");
});

test("a software WebGL renderer runs the pose model on the CPU instead", async () => {
  const { softwareRenderer } = await import("../../backrehab/static/backrehab/player/camera.js");
  assert.equal(softwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)"), true);
  assert.equal(softwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)"), true);
  assert.equal(softwareRenderer("Adreno (TM) 650"), false);
  assert.equal(softwareRenderer("Apple GPU"), false);
  assert.equal(softwareRenderer(null), false);
});
