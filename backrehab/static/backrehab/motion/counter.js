// Counts repetitions, holds and form problems from MediaPipe Pose landmarks.
//
// One implementation for the patient's browser (the camera coach in the player) and for Node.js
// (the tests and `backrehab motion count`). It is given a tracking model derived from the
// exercise's own demonstration keyframes (backrehab/motion/model.py): the joint angles and limb
// directions that move between the start and the peak pose, with their values at both. Each frame
// becomes a "phase" - 0 at the start pose, 1 at the peak - smoothed over time; a rep is counted
// with hysteresis (up past UP, back below DOWN) so jitter near a threshold never counts twice.
// Angles are unsigned and in the image plane, so the person may face either way.

export const LANDMARK = {
  nose: 0,
  left_shoulder: 11, right_shoulder: 12, left_elbow: 13, right_elbow: 14,
  left_wrist: 15, right_wrist: 16, left_hip: 23, right_hip: 24, left_knee: 25, right_knee: 26,
  left_ankle: 27, right_ankle: 28, left_heel: 29, right_heel: 30, left_foot: 31, right_foot: 32,
};

export const UP = 0.45; // phase that starts a rep
export const DOWN = 0.25; // phase that ends it
export const FULL = 0.8; // phase that counts as the full range (and as "at the peak" for holds)
const VISIBLE = 0.5;
const SMOOTHING_SECONDS = 0.1;
const MIN_REP_SECONDS = 0.35;
const MAX_GAP_SECONDS = 1.0;
const SIDE_MARGIN = 0.6; // phases this close: both sides moved alike
const HOLD_SHARE = 0.9; // of the rep's peak phase: still holding
// A side assignment with any signal this far outside its start..peak range is not the tracked
// pose: in a half-kneeling stretch, reading the front leg as the back one puts the "hip" at 85
// degrees against a 180 -> 153 demonstration (3.5); in a single-leg bridge, the planted shank
// read as the lifted one sits at 4. Nobody moves twice the demonstrated range, so such an
// assignment is left out - once it has been out of reach for a moment (MISFIT_SECONDS), so one
// noisy frame of the right assignment does not end a rep.
const OUT_OF_REACH_ABOVE = 2.0;
const OUT_OF_REACH_BELOW = -1.0;
const MISFIT_SECONDS = 0.15;
const SIDE_MEMORY_SECONDS = 3.0;
// "At the peak" for a hold (the player's hold countdown, motion/coach.js createHoldTimer): from
// the full range on, or where a partial rep has settled (steady within SETTLE_BAND for
// SETTLE_SECONDS: the patient's own end position); left only PEAK_MARGIN below that level, so
// jitter at the threshold does not flicker it.
const PEAK_MARGIN = 0.1;
const SETTLE_SECONDS = 0.75;
const SETTLE_BAND = 0.05;

export function vertexAngle(a, b, c) {
  const abx = a[0] - b[0], aby = a[1] - b[1], cbx = c[0] - b[0], cby = c[1] - b[1];
  const norm = Math.hypot(abx, aby) * Math.hypot(cbx, cby);
  if (norm < 1e-9) return 180;
  const cos = Math.max(-1, Math.min(1, (abx * cbx + aby * cby) / norm));
  return (Math.acos(cos) * 180) / Math.PI;
}

export function directionAngle(a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const length = Math.hypot(dx, dy);
  if (length < 1e-9) return 0;
  return (Math.acos(Math.max(-1, Math.min(1, dy / length))) * 180) / Math.PI;
}

// Which anatomical side plays the figure's "near" side.
function sideMap(nearIs) {
  return nearIs === "left" ? { near: "left", far: "right" } : { near: "right", far: "left" };
}

function point(frame, ref, nearIs, aspect) {
  // ref: "near_hip", "far_knee" or "nose"; returns [x, y] with square pixels, or null if unseen.
  let name = ref;
  if (ref.endsWith("_face")) name = "nose";
  else if (ref !== "nose") {
    const [figureSide, joint] = ref.split(/_(.+)/);
    name = `${sideMap(nearIs)[figureSide]}_${joint}`;
  }
  const lm = frame[LANDMARK[name]];
  if (!lm || (lm.length > 3 && lm[3] < VISIBLE)) return null;
  return [lm[0] * aspect, lm[1]];
}

function signalValue(frame, signal, nearIs, aspect) {
  const pts = signal.points.map((p) => point(frame, `${signal.side}_${p}`, nearIs, aspect));
  if (pts.some((p) => p === null)) return null;
  return signal.kind === "angle" ? vertexAngle(pts[0], pts[1], pts[2]) : directionAngle(pts[0], pts[1]);
}

// Phase of one frame for a person whose `nearIs` side faces the phone: the mean of each visible
// signal's position between its start and peak value, weighted by the signal's range.
export function phaseOf(frame, model, nearIs, aspect = 1) {
  return reading(frame, model, nearIs, aspect).phase;
}

// The phase, and whether every visible signal lies within reach of the demonstrated range.
function reading(frame, model, nearIs, aspect) {
  let sum = 0, weight = 0, inReach = true;
  for (const signal of model.signals) {
    const value = signalValue(frame, signal, nearIs, aspect);
    if (value === null) continue;
    const range = signal.peak - signal.start;
    const w = Math.abs(range);
    const position = (value - signal.start) / range;
    if (position > OUT_OF_REACH_ABOVE || position < OUT_OF_REACH_BELOW) inReach = false;
    sum += w * position;
    weight += w;
  }
  return { phase: weight > 0 ? sum / weight : null, inReach };
}

function checkViolation(check, frames, peakIndex, startIndex, nearIs, aspect) {
  const at = (i, ref) => (frames[i] ? point(frames[i], ref, nearIs, aspect) : null);
  const length = (i, [a, b]) => {
    const p = at(i, a), q = at(i, b);
    return p && q ? Math.hypot(p[0] - q[0], p[1] - q[1]) : null;
  };
  if (check.kind === "angle-at-peak") {
    const [a, b, c] = check.points.map((ref) => at(peakIndex, ref));
    if (!a || !b || !c) return null;
    const angle = vertexAngle(a, b, c);
    return angle < check.min || angle > check.max ? peakIndex : null;
  }
  if (check.kind === "over") {
    const p = at(peakIndex, check.point), base = at(peakIndex, check.base);
    const ref = length(peakIndex, check.reference);
    if (!p || !base || !ref) return null;
    return Math.abs(p[0] - base[0]) / ref > check.max_ratio ? peakIndex : null;
  }
  // "level" and "still" look at every frame of the rep.
  let worst = null, worstRatio = 0;
  const origin = check.kind === "still" ? at(startIndex, check.point) : null;
  for (let i = startIndex; i <= peakIndex; i++) {
    const ref = length(i, check.reference);
    if (!ref) continue;
    let gap = null;
    if (check.kind === "level") {
      const p = at(i, check.points[0]), q = at(i, check.points[1]);
      if (p && q) gap = Math.abs(p[1] - q[1]);
    } else if (origin) {
      const p = at(i, check.point);
      if (p) gap = Math.abs(p[1] - origin[1]);
    }
    if (gap !== null && gap / ref > worstRatio) {
      worstRatio = gap / ref;
      worst = i;
    }
  }
  return worstRatio > check.max_ratio ? worst : null;
}

const PAIRS = [[11, 12], [13, 14], [15, 16], [23, 24], [25, 26], [27, 28]];

// Evidence that the person's left side faces the phone: the nearer side is better seen and,
// where the model gives depth, closer (smaller z). Positive for left, negative for right.
export function nearerSide(frame) {
  let sum = 0;
  for (const [l, r] of PAIRS) {
    const a = frame[l], b = frame[r];
    if (!a || !b || (a[3] ?? 1) < VISIBLE || (b[3] ?? 1) < VISIBLE) continue;
    // Each pair votes, so one hidden limb cannot outvote the rest of the body.
    sum += Math.sign((a[3] ?? 1) - (b[3] ?? 1) + (b[2] - a[2]));
  }
  return sum / PAIRS.length;
}

// A counter fed one frame at a time (the camera) or a whole recording (countRecording).
export function createCounter(model, { aspect = 1, onRep = null, onCue = null, language = "en" } = {}) {
  const frames = [];
  const times = [];
  const reps = [];
  const sides = { left: 0, right: 0 };
  let smoothed = { left: null, right: null };
  const misfit = { left: null, right: null }; // > 0.5: that side assignment does not fit the pose
  const longRun = { left: null, right: null }; // each reading's phase over the last few seconds
  const longSwing = { left: 0, right: 0 }; // and how far it strays from that, on average
  let evidence = null; // > 0: the person's left side faces the phone
  let lastTime = null, lastSeen = null;
  let current = null; // the rep in progress
  let leftRestAt = null; // when the phase last rose out of the resting band: the rep's real start
  let leftRestIndex = 0;
  let phaseNow = null; // the last frame's phase (null: nobody, or the tracked joints unseen)
  let atPeak = false;

  // Whether the person is at the peak pose now, with hysteresis (see PEAK_MARGIN).
  function followPeak(phase, time) {
    phaseNow = phase;
    if (current === null || phase === null) {
      atPeak = false;
      return;
    }
    if (current.steadyLevel === undefined || Math.abs(phase - current.steadyLevel) > SETTLE_BAND) {
      current.steadyLevel = phase;
      current.steadySince = time;
    }
    const level = Math.min(FULL, Math.max(UP, HOLD_SHARE * current.peakPhase));
    if (atPeak) atPeak = phase >= level - PEAK_MARGIN;
    else atPeak = phase >= FULL || (phase >= level && time - current.steadySince >= SETTLE_SECONDS);
  }

  function finishRep(endIndex, endTime) {
    const rep = current;
    current = null;
    leftRestAt = endTime;
    leftRestIndex = endIndex;
    if (endTime - rep.startTime < MIN_REP_SECONDS) return;
    rep.end = endIndex;
    rep.endTime = endTime;
    // Which side: the one whose limbs moved; when both sides' limbs move alike (a side plank),
    // the side nearer the phone (better seen, closer in depth) is the working side.
    const { left, right } = rep.best;
    rep.side = Math.abs(left - right) >= SIDE_MARGIN ? (left > right ? "left" : "right") : rep.evidence >= 0 ? "left" : "right";
    // Held: time spent close to this rep's own peak (a partial rep is held where it stopped).
    rep.holdSeconds = 0;
    for (let i = 1; i < rep.trace.length; i++) {
      if (rep.trace[i][1] >= Math.max(UP, HOLD_SHARE * rep.peakPhase)) rep.holdSeconds += rep.trace[i][0] - rep.trace[i - 1][0];
    }
    rep.fullRange = rep.peakPhase >= FULL;
    // Moving time: from leaving the resting band to coming back, less the time spent at the peak.
    rep.tooFast = endTime - rep.movedAt - rep.holdSeconds < model.too_fast_seconds;
    // The exercise's own checks come first: one cue at a time, the most specific one.
    rep.problems = [];
    for (const check of model.checks || []) {
      const lastFrame = check.kind === "still" || check.kind === "level" ? endIndex : rep.peak;
      const violating = checkViolation(check, frames, lastFrame, rep.rest, rep.side, aspect);
      if (violating !== null) rep.problems.push(check.id);
    }
    if (!rep.fullRange) rep.problems.push("range");
    if (rep.tooFast) rep.problems.push("tempo");
    reps.push(rep);
    if (model.per_side) sides[rep.side] += 1;
    if (onRep) onRep(rep, reps.length);
    if (onCue && rep.problems.length) onCue(cueText(model, rep.problems[0], language), rep);
  }

  function push(frame, time) {
    const index = frames.length;
    frames.push(frame);
    times.push(time);
    const dt = lastTime === null ? 0 : time - lastTime;
    lastTime = time;
    if (!frame || !model.counted) {
      // A longer gap (no person found) ends the rep in progress.
      if (current && lastSeen !== null && time - lastSeen > MAX_GAP_SECONDS) current = null;
      followPeak(null, time);
      return;
    }
    const alpha = dt > 0 ? 1 - Math.exp(-dt / SMOOTHING_SECONDS) : 1;
    const misfitAlpha = dt > 0 ? 1 - Math.exp(-dt / MISFIT_SECONDS) : 1;
    for (const nearIs of ["left", "right"]) {
      const { phase: raw, inReach } = reading(frame, model, nearIs, aspect);
      if (raw === null) continue; // unseen joints keep the last phase (a brief occlusion)
      const prev = smoothed[nearIs];
      smoothed[nearIs] = prev === null ? raw : prev + alpha * (raw - prev);
      const was = misfit[nearIs] ?? (inReach ? 0 : 1);
      misfit[nearIs] = was + misfitAlpha * ((inReach ? 0 : 1) - was);
    }
    // The side assignments that fit the pose (both, when neither does: nothing to choose).
    const fits = ["left", "right"].filter((s) => smoothed[s] !== null && !(misfit[s] > 0.5));
    const usable = fits.length ? fits : ["left", "right"].filter((s) => smoothed[s] !== null);
    const seen = nearerSide(frame);
    evidence = evidence === null ? seen : evidence + alpha * (seen - evidence);
    lastSeen = time;
    // A per-side exercise is followed on whichever side moves; a two-sided one on both together.
    let phase;
    const values = usable.map((s) => smoothed[s]);
    const longAlpha = dt > 0 ? 1 - Math.exp(-dt / SIDE_MEMORY_SECONDS) : 1;
    for (const s of usable) {
      longRun[s] = longRun[s] === null ? smoothed[s] : longRun[s] + longAlpha * (smoothed[s] - longRun[s]);
      longSwing[s] += longAlpha * (Math.abs(smoothed[s] - longRun[s]) - longSwing[s]);
    }
    if (model.per_side) {
      phase = Math.max(...values);
    } else if (usable.length === 2 && Math.abs(smoothed.left - smoothed.right) >= SIDE_MARGIN) {
      // The two readings disagree: the movement is not symmetric (a side shift goes one way, a
      // march lifts one leg). Follow the reading that swings between start and peak over the
      // last few seconds; the mirrored one moves less, or against it, and the mean of the two
      // would stand still.
      phase = longSwing.left >= longSwing.right ? smoothed.left : smoothed.right;
    } else {
      phase = values.reduce((a, b) => a + b, 0) / values.length;
    }
    if (!Number.isFinite(phase)) {
      followPeak(null, time);
      return;
    }
    if (current === null) {
      if (phase < DOWN) {
        leftRestAt = time;
        leftRestIndex = index;
      }
      if (phase >= UP) {
        const movedAt = leftRestAt ?? time;
        current = { start: index, rest: leftRestIndex, startTime: time, movedAt, peak: index, peakPhase: phase, best: { left: -Infinity, right: -Infinity }, evidence: 0, trace: [] };
      } else {
        followPeak(phase, time);
        return;
      }
    }
    current.trace.push([time, phase]);
    for (const s of usable) current.best[s] = Math.max(current.best[s], smoothed[s]);
    if (phase > current.peakPhase) {
      current.peakPhase = phase;
      current.peak = index;
      current.evidence = evidence;
    }
    if (phase < DOWN) finishRep(index, time);
    followPeak(phase, time);
  }

  function result() {
    return {
      exercise: model.exercise,
      reps: reps.length,
      sides: model.per_side ? { ...sides } : null,
      reps_frames: reps.map((r) => [r.start, r.end]),
      holds_seconds: model.hold_seconds ? reps.map((r) => Math.round(r.holdSeconds * 10) / 10) : [],
      full_range_reps: reps.filter((r) => r.fullRange).length,
      form: formSummary(model, reps, language),
    };
  }

  return {
    push,
    result,
    get count() { return reps.length; },
    // Where the person is now, for a hold's countdown: "peak" (at the peak pose, see followPeak),
    // "moving" (in a rep, short of it), "rest" (no rep in progress), or null (not seen).
    get pose() {
      if (phaseNow === null) return null;
      return atPeak ? "peak" : current ? "moving" : "rest";
    },
    // The furthest the rep in progress has gone (phase), or null between reps.
    get repPeak() { return current ? current.peakPhase : null; },
  };
}

const GENERIC = {
  range: {
    en: "Go a little further, to the end position the figure shows.",
    es: "Llega un poco más lejos, hasta la posición final que muestra la figura.",
  },
  tempo: {
    en: "Slow down: move smoothly and under control.",
    es: "Más despacio: muévete con suavidad y control.",
  },
};

export function cueText(model, problem, language = "en") {
  if (GENERIC[problem]) return GENERIC[problem][language] || GENERIC[problem].en;
  const check = (model.checks || []).find((c) => c.id === problem);
  if (!check) return "";
  return (language === "es" && check.text_es) || check.text;
}

function formSummary(model, reps, language) {
  const found = new Map();
  reps.forEach((rep) => {
    for (const problem of rep.problems) {
      if (!found.has(problem)) found.set(problem, []);
      found.get(problem).push(problem === "range" || problem === "tempo" ? rep.peak : rep.peak);
    }
  });
  return [...found.entries()].map(([check, frames]) => ({ check, frames, text: cueText(model, check, language) }));
}

// Counts a whole recording: {"fps": n, "frames": [...]} as MediaPipe reports them.
export function countRecording(model, recording, options = {}) {
  const problems = validateRecording(recording);
  if (problems.length) throw new Error(problems.join("; "));
  const counter = createCounter(model, { aspect: recording.aspect || 1, ...options });
  recording.frames.forEach((frame, i) => counter.push(frame, i / recording.fps));
  return counter.result();
}

export function validateRecording(recording) {
  const problems = [];
  if (!recording || typeof recording !== "object" || Array.isArray(recording)) {
    return ["the file must be a JSON object with \"fps\" and \"frames\""];
  }
  if (typeof recording.fps !== "number" || !(recording.fps > 0 && recording.fps <= 240)) {
    problems.push("\"fps\" must be a number between 0 and 240");
  }
  if (!Array.isArray(recording.frames)) {
    problems.push("\"frames\" must be a list of frames");
    return problems;
  }
  recording.frames.forEach((frame, i) => {
    if (frame === null) return;
    if (!Array.isArray(frame) || frame.length !== 33) {
      problems.push(`frame ${i} must be null or a list of 33 landmarks`);
      return;
    }
    const bad = frame.findIndex((lm) => !Array.isArray(lm) || lm.length < 3 || lm.length > 4 || lm.some((v) => typeof v !== "number" || !Number.isFinite(v)));
    if (bad >= 0) problems.push(`frame ${i}, landmark ${bad} must be [x, y, z, visibility] numbers`);
  });
  return problems.slice(0, 5);
}
