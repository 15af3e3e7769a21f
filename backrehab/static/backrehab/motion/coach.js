// The camera coach's decisions that are not counting: is the body in view, which spoken cue (if
// any) to say now, and where an exercise's count came from. Pure functions and small state
// machines with the time passed in, so Node's test runner checks them (tests/js/coach.test.mjs);
// player/camera.js is the part that needs a camera and a browser.

const VISIBLE = 0.5; // the counter reads a landmark from this visibility on (counter.js)
const EDGE = 0.02; // a landmark this close to the image's edge is as good as out of it

// MediaPipe landmark indices of each joint the tracking model may need, left and right.
const JOINTS = {
  nose: [0, 0],
  shoulder: [11, 12], elbow: [13, 14], wrist: [15, 16],
  hip: [23, 24], knee: [25, 26], ankle: [27, 28], heel: [29, 30], foot: [31, 32],
};

// The body part a patient is told about when a joint is out of view.
const PART_OF = {
  nose: "head", shoulder: "shoulders", elbow: "arms", wrist: "arms",
  hip: "hips", knee: "knees", ankle: "feet", heel: "feet", foot: "feet",
};
export const PARTS = ["head", "shoulders", "arms", "hips", "knees", "feet"];

// MediaPipe's result landmarks ({x, y, z, visibility}) as the counter's frame: 33 [x, y, z, v].
export function toFrame(landmarks) {
  if (!Array.isArray(landmarks) || landmarks.length !== 33) return null;
  return landmarks.map((l) => [l.x, l.y, l.z, l.visibility ?? 1]);
}

// The joints the tracking model reads ("near_hip", "far_knee", "nose" -> hip, knee, nose).
export function neededJoints(model) {
  const joints = new Set();
  for (const ref of model.required || []) {
    const joint = ref === "nose" ? "nose" : ref.replace(/^(near|far)_/, "");
    if (JOINTS[joint]) joints.add(joint);
  }
  return [...joints];
}

function inView(landmark) {
  if (!landmark || (landmark[3] ?? 1) < VISIBLE) return false;
  return landmark[0] >= EDGE && landmark[0] <= 1 - EDGE && landmark[1] >= EDGE && landmark[1] <= 1 - EDGE;
}

// Whether one frame shows what the exercise needs: every needed joint seen, on at least one side
// (from the side the far limbs are often hidden behind the body; the counter follows the side it
// sees). `missing` names the body parts out of view, in head-to-feet order.
export function framing(frame, model) {
  const joints = neededJoints(model);
  if (!frame) return { ok: false, missing: PARTS.filter((p) => joints.some((j) => PART_OF[j] === p)) };
  const gone = new Set();
  for (const joint of joints) {
    const [left, right] = JOINTS[joint];
    if (!inView(frame[left]) && !inView(frame[right])) gone.add(PART_OF[joint]);
  }
  return { ok: gone.size === 0, missing: PARTS.filter((p) => gone.has(p)) };
}

// Follows the framing over time. Counting starts once the body has been in view for
// `settleSeconds` ("ready"); afterwards a body out of view for `loseSeconds` is "lost" (say what
// is missing) and in view again is "back". Brief dropouts (a hand passing the face) say nothing.
export function createFramingWatch({ settleSeconds = 1, loseSeconds = 1.5 } = {}) {
  let state = "waiting"; // waiting -> ready -> (lost <-> ready)
  let goodSince = null;
  let badSince = null;
  return {
    get state() {
      return state;
    },
    // Returns null, or an event: {event: "ready" | "lost" | "back", missing: [...]}.
    update(result, time) {
      if (result.ok) {
        badSince = null;
        if (goodSince === null) goodSince = time;
        if (state === "waiting" && time - goodSince >= settleSeconds) {
          state = "ready";
          return { event: "ready", missing: [] };
        }
        if (state === "lost") {
          state = "ready";
          return { event: "back", missing: [] };
        }
        return null;
      }
      goodSince = null;
      if (badSince === null) badSince = time;
      if (state === "ready" && time - badSince >= loseSeconds) {
        state = "lost";
        return { event: "lost", missing: result.missing };
      }
      return null;
    },
  };
}

// One short spoken cue at a time: nothing within `gapSeconds` of the last cue, and the same cue
// not again within `repeatSeconds` (a patient told once about the hips is not told every rep).
// An urgent cue (the body out of view) skips the gap but not the repeat rule.
export function createCueScheduler({ gapSeconds = 4, repeatSeconds = 20 } = {}) {
  let lastAt = -Infinity;
  const said = new Map();
  return {
    offer(key, text, time, { urgent = false } = {}) {
      if (!text) return null;
      if (!urgent && time - lastAt < gapSeconds) return null;
      if (said.has(key) && time - said.get(key) < repeatSeconds) return null;
      lastAt = time;
      said.set(key, time);
      return text;
    },
    // A new exercise: its cues may be said again.
    reset() {
      lastAt = -Infinity;
      said.clear();
    },
  };
}

// A held exercise's countdown with the camera on: the hold's seconds run only while the
// counter sees the person at the peak pose (counter.pose === "peak"). Fed one pose a frame:
// "peak", "moving", "rest", or null when the person (or a body part the exercise needs) is not
// in view. A dropout shorter than `dropoutSeconds` (a jittery frame or two) is bridged and
// counted as held; a longer one pauses the countdown until the peak is back. A completed hold
// counts once; the next starts after the person has come back to rest. Out of view for
// `fallbackSeconds` (in any state) is "lost": the player's clock takes over. `speed` runs the
// held seconds faster (the player's ?speed=N); the tolerances stay in real seconds.
//
// States: waiting -> holding <-> paused -> done -> (rest) waiting ...; any -> lost (final).
// update() returns null or one event: {event: "hold", resumed}, {event: "pause", reason:
// "left" | "unseen"}, {event: "done"}, {event: "released"}, {event: "lost"}.
export function createHoldTimer({ seconds, speed = 1, dropoutSeconds = 0.5, fallbackSeconds = 3 }) {
  if (!(seconds > 0)) throw new Error("a hold needs a positive number of seconds");
  let state = "waiting";
  let held = 0; // seconds of the dose held so far (dose time: already multiplied by speed)
  let lastPeakAt = null; // the last frame at the peak while holding
  let unseenSince = null;
  return {
    get state() {
      return state;
    },
    get held() {
      return Math.min(seconds, held);
    },
    get left() {
      return Math.max(0, seconds - held);
    },
    update(pose, time) {
      if (state === "lost") return null;
      if (pose === null) {
        if (unseenSince === null) unseenSince = time;
        if (time - unseenSince >= fallbackSeconds) {
          state = "lost";
          return { event: "lost" };
        }
      } else {
        unseenSince = null;
      }
      if (state === "waiting" || state === "paused") {
        if (pose !== "peak") return null;
        const resumed = state === "paused";
        state = "holding";
        lastPeakAt = time;
        return { event: "hold", resumed };
      }
      if (state === "done") {
        if (pose !== "rest") return null;
        state = "waiting";
        held = 0;
        return { event: "released" };
      }
      // Holding.
      const gap = time - lastPeakAt;
      if (pose === "peak") {
        if (gap <= dropoutSeconds) held += gap * speed; // a brief dropout is held time too
        lastPeakAt = time;
        if (held >= seconds) {
          state = "done";
          return { event: "done" };
        }
        return null;
      }
      if (gap > dropoutSeconds) {
        state = "paused";
        return { event: "pause", reason: pose === null ? "unseen" : "left" };
      }
      return null;
    },
    // The player is paused: the time since the last frame is neither held nor out of view.
    wait(time) {
      if (state === "holding") lastPeakAt = time;
      if (unseenSince !== null) unseenSince = time;
    },
    // The repetition was counted another way (a tap): the next hold starts after a rest.
    skip() {
      if (state !== "lost") state = "done";
    },
  };
}

// Where an exercise's count came from, for the session log: the source of most of its counted
// repetitions; a tie goes to the less certain source (paced, then tapped, then camera), so the
// clinician never reads "camera" for a count the camera did not mostly make.
export const COUNT_SOURCES = ["paced", "tapped", "camera"];

export function countSource(tally) {
  let best = null;
  for (const source of COUNT_SOURCES) {
    const n = tally[source] || 0;
    if (n > 0 && (best === null || n > (tally[best] || 0))) best = source;
  }
  return best;
}

// What the log records about the counting of one exercise (see player/log.js).
export function countRecord(tally, { corrected = null, fullRange = 0 } = {}) {
  const source = countSource(tally);
  if (source === null && corrected === null) return null;
  const counted = COUNT_SOURCES.reduce((sum, s) => sum + (tally[s] || 0), 0);
  const reps = corrected === null ? counted : Math.max(0, Math.round(corrected));
  const record = {
    count_source: source || "tapped",
    reps_counted: reps,
    count_corrected: corrected !== null && reps !== counted,
  };
  if (record.count_source === "camera") record.full_range_reps = Math.min(fullRange, reps);
  return record;
}

// The most frequent form problem among the reps (the first seen wins a tie), or null.
export function mostCommonProblem(problemLists) {
  const counts = new Map();
  for (const problems of problemLists) {
    for (const problem of new Set(problems)) counts.set(problem, (counts.get(problem) || 0) + 1);
  }
  let best = null;
  for (const [problem, n] of counts) if (best === null || n > counts.get(best)) best = problem;
  return best;
}
