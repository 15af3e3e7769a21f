/* backrehab guided session player: counts, times and speaks each exercise of today's session.
 *
 * Progressive enhancement: without this script the page lists the exercises and their steps.
 * Everything it needs (plan, words, figures) is in the page, so a session carries on offline;
 * the finished log goes to the outbox (outbox.js), which keeps it until the server has it.
 * ?speed=N runs every clock N times faster (for tests and demonstrations).
 *
 * The parts: player/clock.js (time), player/voice.js (sound, speech, screen on),
 * player/figure.js (the moving figure), player/log.js (what is written down); this module is
 * the screens and the order of things.
 *
 * The camera coach is opt-in for each session. Only then, and only for an exercise it can count,
 * player/camera.js and the pose model are loaded and the camera runs, from "Start this exercise"
 * to the end of that exercise; its counted repetitions drive the count on the screen
 * (motion/counter.js counts, motion/coach.js decides what is in view and what to say). In a held
 * exercise the hold's countdown runs only while the camera sees the patient at the end position
 * (motion/coach.js createHoldTimer), and a completed hold is the counted repetition.
 * Without the opt-in, a camera, or WebGL, the player works as it always has.
 */
import { Clock, formatSeconds } from "./player/clock.js";
import { createFigure } from "./player/figure.js";
import {
  dropDraft, exerciseLog, newId, newSession, outboxEntry, readDraft, saveDraft, skipEntry,
} from "./player/log.js";
import { createVoice, createWakeLock } from "./player/voice.js";
import {
  countRecord, createCueScheduler, createFramingWatch, createHoldTimer, framing, mostCommonProblem,
} from "./motion/coach.js";

const root = document.getElementById("session");
const planNode = document.getElementById("session-plan");
const player = document.getElementById("player");
const plan = root && planNode && player ? JSON.parse(planNode.textContent) : null;
if (plan && plan.items.length) run(plan);

function run(plan) {
  // Words come from the server in the patient's language; English stays as a fallback.
  const words = plan.words || {};
  const t = (key, fallback, values) => {
    let text = words[key] || fallback;
    Object.keys(values || {}).forEach((name) => {
      text = text.split("%(" + name + ")s").join(String(values[name]));
    });
    return text;
  };

  const params = new URLSearchParams(window.location.search);
  const speed = Math.min(100, Math.max(0.1, parseFloat(params.get("speed")) || 1));
  const READY_SECONDS = 3;
  const store = window.localStorage;
  const clock = new Clock({ speed: speed });
  window.setInterval(() => clock.tick(), 100);
  const voice = createVoice(store, document.documentElement.lang);
  const screenOn = createWakeLock();

  const bind = (name) => player.querySelector('[data-bind="' + name + '"]');
  const action = (name) => player.querySelector('[data-action="' + name + '"]');
  const figures = {};
  document.querySelectorAll("[data-figure-for]").forEach((node) => {
    figures[node.getAttribute("data-figure-for")] = node;
  });
  const figure = createFigure(bind("figure"), speed);
  const exerciseScreen = player.querySelector('[data-screen="exercise"]');

  /* --- Screens ---------------------------------------------------------------------------- */
  function show(name) {
    player.querySelectorAll("[data-screen]").forEach((screen) => {
      screen.hidden = screen.getAttribute("data-screen") !== name;
    });
    window.scrollTo(0, 0);
  }

  function scale(name, onPick) {
    const group = player.querySelector('[data-scale="' + name + '"]');
    for (let value = 0; value <= 10; value++) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = String(value);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        group.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", "false"));
        button.setAttribute("aria-pressed", "true");
        onPick(value);
      });
      group.appendChild(button);
    }
    return () => group.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", "false"));
  }

  function setText(name, text) {
    bind(name).textContent = text;
  }

  function fillList(name, texts) {
    const list = bind(name);
    list.replaceChildren();
    texts.forEach((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  /* --- The session ------------------------------------------------------------------------ */
  const session = newSession();
  let index = 0;
  let item = null;
  let queue = [];
  let setsDone = 0;
  let rating = {};
  let started = false;
  let finished = false;
  let tempo = parseFloat(store.getItem("backrehab.tempo")) || 3; // seconds per repetition
  let selfCount = false;
  let reps = null; // the repetitions being counted: {count, done, label}
  let instruction = ""; // what the screen says, shown again after a pause

  function say(text) {
    voice.say(text);
  }

  /* --- The camera coach ------------------------------------------------------------------- */
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const cues = createCueScheduler();
  const coach = {
    wanted: false, // the patient opted in for this session
    refused: false, // the camera could not be used: not asked again in this session
    camera: null, // player/camera.js, loaded on the first exercise it counts
    models: null, // exercise id -> what to track (fetched from the server on opt-in)
    loading: null, // that fetch
    phase: "off", // off | starting | framing | on
    token: null, // the start in progress (a skip or "without the camera" cancels it)
    counter: null,
    watch: null,
    tally: { camera: 0, tapped: 0, paced: 0 }, // who counted this exercise's repetitions
    fullRange: 0,
    problems: [],
    correction: null, // the patient's own count, once the summary offers it
    cueText: null, // motion/counter.js's words for a form problem, once loaded
    full: 0.8, // motion/counter.js's FULL: the phase that counts as the full range
    hold: null, // a held exercise's countdown (createHoldTimer), for the set under way
    judged: 0, // completed holds whose repetition the counter has finished (form, summary)
  };

  function hasWebGL() {
    try {
      const canvas = document.createElement("canvas");
      return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
    } catch (e) {
      return false;
    }
  }

  // Repetitions, held or not (every hold goes with repetitions: a plank is 3 x 10 s): the camera
  // counts each one as the patient comes back, or, when each is held, as its hold is completed.
  const coachMayFit = (it) => Boolean(it && it.reps);
  const motionOf = (it) => (coach.models && coachMayFit(it) && coach.models[it.exercise]) || null;
  let available = null;
  const coachAvailable = () => {
    if (available === null) {
      available = Boolean(plan.coach && plan.coach.files && plan.coach.files["pose.js"]
        && plan.coach.models && plan.items.some(coachMayFit) && navigator.mediaDevices
        && typeof navigator.mediaDevices.getUserMedia === "function" && hasWebGL());
    }
    return available;
  };
  const coachWanted = () => coach.wanted && !coach.refused && coachMayFit(item);

  /* What to track in each exercise: asked of the server once, when the patient opts in. */
  function loadModels() {
    if (!coach.loading) {
      coach.loading = fetch(plan.coach.models, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) throw new Error("no tracking models: " + response.status);
          return response.json();
        })
        .then((body) => {
          coach.models = body.models || {};
          return coach.models;
        });
      coach.loading.catch(() => { coach.loading = null; });
    }
    return coach.loading;
  }

  function coachRefused() {
    coach.refused = true;
    coach.token = null;
    coach.phase = "off";
    bind("coach-view").hidden = true;
    bind("coach-setup").hidden = true;
    bind("coach-offer").hidden = true;
    setText("coach-note", t("coach_refused", "The camera could not be used. The session carries on as usual, without it."));
    bind("coach-note").hidden = false;
  }

  function partsText(parts) {
    const names = parts.map((part) => t("coach_part_" + part, part));
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " " + t("coach_and", "and") + " " + names[names.length - 1];
  }

  function coachStatus(text) {
    setText("coach-status", text);
  }

  function resetCoach() {
    coach.tally = { camera: 0, tapped: 0, paced: 0 };
    coach.fullRange = 0;
    coach.problems = [];
    coach.correction = null;
    coach.counter = null;
    coach.watch = null;
    coach.hold = null;
    coach.judged = 0;
    cues.reset();
    bind("coach-offer").hidden = !(coachAvailable() && coachMayFit(item) && !coach.refused);
    bind("coach-wanted").checked = coach.wanted;
    bind("coach-view").hidden = true;
    bind("coach-note").hidden = true;
    showSetup();
  }

  /* Where to put the phone for this exercise, shown with the figure once the patient wants it. */
  function showSetup() {
    const motion = coachWanted() ? motionOf(item) : null;
    bind("coach-setup").hidden = !motion;
    setText("coach-placement", motion ? (motion.placement[lang] || motion.placement.en) : "");
  }

  function stopCoach() {
    coach.token = null;
    coach.phase = "off";
    coach.hold = null;
    if (coach.camera) coach.camera.stop();
    bind("coach-view").hidden = true;
  }

  async function startCoach() {
    const token = {};
    coach.token = token;
    coach.phase = "starting";
    controls({ skip: true, "coach-off": true }, "coach-off");
    instruct(t("coach_loading", "Starting the camera…"));
    setText("timer", "");
    setText("counter", "");
    bind("coach-view").hidden = false;
    coachStatus("");
    const current = item;
    let motion = null;
    try {
      const [{ createCamera }, { createCounter, cueText, FULL }] = await Promise.all([
        import("./player/camera.js"), import("./motion/counter.js"), loadModels(),
      ]);
      if (coach.token !== token) return;
      motion = motionOf(current);
      if (!motion) {
        // The camera cannot count this one (too small a movement for it): as usual.
        stopCoach();
        return next();
      }
      coach.cueText = cueText;
      coach.full = FULL;
      if (!coach.camera) coach.camera = createCamera({ files: plan.coach.files, video: bind("coach-video") });
      coach.watch = createFramingWatch();
      const onFrame = (frame, time, aspect) => {
        if (coach.token !== token) return;
        if (!coach.counter) {
          coach.counter = createCounter(motion, {
            aspect: aspect, language: lang, onRep: coachRep, onCue: coachCue,
          });
        }
        coachFrame(frame, time);
      };
      if (coach.token !== token) return;
      await coach.camera.start(onFrame);
    } catch (error) {
      if (coach.camera) coach.camera.stop();
      if (coach.token !== token) return;
      // Refused, no camera, or the model cannot run here: the session carries on as before.
      coachRefused();
      return next();
    }
    if (coach.token !== token) {
      coach.camera.stop(); // the patient moved on while it was starting
      return;
    }
    coach.phase = "framing";
    instruct(t("coach_framing", "Waiting until the phone sees all of you…"));
  }

  function coachFrame(frame, time) {
    const view = bind("coach-view");
    const seen = framing(frame, motionOf(item));
    view.setAttribute("data-landmarks", String(frame ? frame.length : 0));
    view.setAttribute("data-framing", seen.ok ? "ok" : "missing");
    coach.counter.push(frame, time);
    const change = coach.watch.update(seen, time);
    const missing = t("coach_missing", "The phone cannot see your %(parts)s.", { parts: partsText(seen.missing) });
    if (coach.phase === "framing") {
      coachStatus(seen.ok ? t("coach_ready", "The phone sees you. Let's start.") : missing);
      if (!seen.ok) {
        const spoken = cues.offer("framing", missing, time);
        if (spoken) say(spoken);
      }
      if (change && change.event === "ready") {
        coach.phase = "on";
        say(t("coach_ready", "The phone sees you. Let's start."));
        coachStatus(countingText());
        next();
      }
      return;
    }
    if (coach.phase === "on" && coach.hold && reps) holdFrame(seen.ok ? coach.counter.pose : null, time);
    if (!change || coach.phase !== "on") return;
    if (change.event === "lost") {
      const text = t("coach_missing", "The phone cannot see your %(parts)s.", { parts: partsText(change.missing) });
      coachStatus(text);
      setText("cue", text);
      const spoken = cues.offer("framing", text, time, { urgent: true });
      if (spoken) say(spoken);
    } else if (change.event === "back") {
      coachStatus(countingText());
      setText("cue", "");
      const spoken = cues.offer("back", t("coach_back", "Good, the phone sees you again."), time);
      if (spoken) say(spoken);
    }
  }

  function countingText() {
    return item.hold_seconds
      ? t("coach_timing_holds", "Each hold's clock runs while the camera sees you at the end position")
      : t("coach_counting", "The camera counts your repetitions");
  }

  /* A repetition the camera saw: it counts only while a set is under way. In a held exercise
   * the completed hold counted it already (holdFrame); its return brings the form to judge. */
  function coachRep(rep) {
    if (coach.phase !== "on") return;
    if (item.hold_seconds) {
      if (coach.judged < coach.tally.camera) {
        coach.judged += 1;
        coach.problems.push([...rep.problems]);
      }
      return;
    }
    if (!reps || clock.paused) return;
    if (rep.fullRange) coach.fullRange += 1;
    coach.problems.push([...rep.problems]);
    voice.beep(false);
    repDone("camera");
  }

  /* A held exercise with the camera on: the hold's countdown follows the patient's pose. */
  function holdFrame(pose, time) {
    const hold = coach.hold;
    if (clock.paused) return hold.wait(time);
    const before = Math.ceil(hold.left - 1e-9);
    const change = hold.update(pose, time);
    if (hold.state === "holding" || hold.state === "paused") {
      setText("timer", formatSeconds(hold.left));
      const now = Math.ceil(hold.left - 1e-9);
      if (hold.state === "holding" && now !== before && now > 0 && now <= 3) voice.beep(false);
    }
    if (!change) return;
    if (change.event === "hold") {
      figure.holdPeak();
      instruct(t("hold", "Hold"));
      setText("cue", item.cues.length ? item.cues[reps.done % item.cues.length] : "");
      if (!change.resumed) {
        voice.beep(true);
        say(t("hold", "Hold"));
      }
    } else if (change.event === "pause") {
      const text = t("coach_hold_back", "Back into the hold");
      instruct(text);
      // Out of view, the framing cue says what the phone cannot see; here, one short cue.
      if (change.reason === "left") {
        const spoken = cues.offer("hold-back", text, time);
        if (spoken) {
          setText("cue", spoken);
          say(spoken);
        }
      }
    } else if (change.event === "done") {
      const peak = coach.counter.repPeak;
      if (peak !== null && peak >= coach.full) coach.fullRange += 1;
      voice.beep(true);
      say(t("relax", "Relax"));
      figure.release(Math.max(1, tempo / 2), clock.paused);
      repDone("camera");
    } else if (change.event === "released") {
      holdWaiting();
      say(String(reps.done + 1));
    } else if (change.event === "lost") {
      holdOnTheClock(time);
    }
  }

  /* Before a hold: into the end position (or, just after one, back to the start first). */
  function holdWaiting() {
    if (coach.hold.state === "done") {
      instruct(t("relax", "Relax"));
      setText("timer", "");
      return;
    }
    instruct(t("coach_counting_hold", "Hold each one %(seconds)s seconds at the end position", { seconds: item.hold_seconds }));
    setText("timer", formatSeconds(item.hold_seconds));
    figure.moveToPeak(Math.max(1, tempo / 2), clock.paused);
  }

  /* The camera lost the patient for a while: the clock times the rest of this exercise. */
  function holdOnTheClock(time) {
    const text = t("coach_hold_clock", "The camera lost sight of you: the clock times the holds now.");
    const spoken = cues.offer("hold-clock", text, time, { urgent: true });
    stopCoach();
    bind("coach-setup").hidden = true;
    setText("coach-note", text);
    bind("coach-note").hidden = false;
    setText("cue", "");
    if (reps) {
      repControls();
      nextRep();
    }
    if (spoken) say(spoken); // after the paced rep's first words, so it is heard
  }

  function problemText(problem) {
    return coach.cueText && motionOf(item) ? coach.cueText(motionOf(item), problem, lang) : "";
  }

  /* One short spoken cue at a time about the form, never a stream. */
  function coachCue(text, rep) {
    if (coach.phase !== "on" || !reps || clock.paused) return;
    const spoken = cues.offer("form:" + rep.problems[0], text, performance.now() / 1000);
    if (!spoken) return;
    setText("cue", spoken);
    say(spoken);
  }

  /* After the exercise: what the camera saw, and the count the patient can correct. */
  function coachSummary() {
    const box = bind("coach-summary");
    box.hidden = coach.tally.camera === 0;
    if (box.hidden) return;
    const counted = coach.tally.camera;
    let text = t("coach_summary", "Repetitions the camera counted: %(reps)s.", { reps: counted });
    text += " " + t("coach_full_range", "%(full)s of %(reps)s reached full range.", { full: coach.fullRange, reps: counted });
    const problem = mostCommonProblem(coach.problems);
    if (problem && problem !== "range") {
      const words = problemText(problem);
      if (words) text += " " + t("coach_most_common", "Something to work on: %(cue)s", { cue: words });
    }
    setText("coach-summary-text", text);
    coach.correction = coach.tally.camera + coach.tally.tapped + coach.tally.paced;
    showCorrection();
  }

  function showCorrection() {
    setText("coach-count", String(coach.correction));
  }

  function counting() {
    if (!item.reps) return null;
    const corrected = bind("coach-summary").hidden ? null : coach.correction;
    return countRecord(coach.tally, { corrected: corrected, fullRange: coach.fullRange });
  }

  function instruct(text) {
    instruction = text;
    if (!clock.paused) setText("instruction", text);
  }

  function startItem(i) {
    index = i;
    item = plan.items[i];
    setsDone = 0;
    queue = [];
    reps = null;
    selfCount = false; // kept for the sets of one exercise, offered afresh for the next
    clock.stop();
    clock.resume();
    show("exercise");
    exerciseScreen.classList.add("intro");
    // Before starting, the steps are what matter (under the button); during it, the clock.
    player.querySelector("details.how").open = true;
    setText("progress", t("exercise_of", "Exercise %(n)s of %(total)s", { n: i + 1, total: plan.items.length }));
    setText("name", item.name);
    setText("dose", item.dose_text);
    setText("therapist-note", item.note || "");
    bind("note-box").hidden = !item.note;
    figure.show(figures[item.exercise], item.peak_at);
    figure.pause(true);
    fillList("steps", item.steps);
    fillList("why", item.why);
    setText("breathing", item.breathing);
    instruct(t("starting_position", "Get into the starting position."));
    setText("timer", "");
    setText("counter", "");
    setText("cue", "");
    bind("skip-reasons").hidden = true;
    exerciseScreen.classList.remove("choosing");
    bind("controls").hidden = false;
    resetCoach();
    controls({ begin: true, skip: true }, "begin");
    say(item.name);
  }

  /* Which buttons show, and which one is the big primary action in thumb reach. */
  function controls(visible, primary) {
    ["begin", "tap", "count-mode", "skip-rest", "pause", "skip", "coach-off"].forEach((name) => {
      const button = action(name);
      button.hidden = !visible[name];
      button.toggleAttribute("data-primary", name === primary);
      button.classList.toggle("big", name === primary);
      button.classList.toggle("secondary", name !== primary);
    });
    bind("tempo").hidden = !visible.tempo;
    showPause();
  }

  function showPause() {
    const pause = action("pause");
    pause.textContent = clock.paused ? t("resume", "Resume") : t("pause", "Pause");
    pause.setAttribute("aria-pressed", String(clock.paused));
  }

  function sideName(side) {
    return side === 1 ? t("left_side", "left side") : t("right_side", "right side");
  }

  function setLabel(step) {
    let text = t("set_of", "Set %(n)s of %(total)s", { n: step.set, total: item.sets });
    if (item.per_side) text += " · " + sideName(step.side);
    return text;
  }

  function buildQueue() {
    const steps = [];
    for (let set = 1; set <= item.sets; set++) {
      const sides = item.per_side ? [1, 2] : [1];
      sides.forEach((side) => {
        let ready = set === 1 && side === 1
          ? t("get_ready", "Get ready")
          : t("set_of", "Set %(n)s of %(total)s", { n: set, total: item.sets });
        if (item.per_side) {
          ready = side === 1
            ? t("now_left", "Now the left side")
            : t("now_right", "Now the right side");
        }
        steps.push({ kind: "ready", text: ready, set: set, side: side });
        steps.push({ kind: "work", set: set, side: side });
      });
      steps.push({ kind: "set-done" });
      if (set < item.sets && item.rest_seconds > 0) steps.push({ kind: "rest", set: set });
    }
    return steps;
  }

  function begin() {
    started = true;
    exerciseScreen.classList.remove("intro");
    screenOn.keepAwake();
    voice.beep(false); // a sound from a tap unlocks audio on phones for the rest of the session
    queue = buildQueue();
    if (coachWanted()) return startCoach();
    next();
  }

  function next() {
    const step = queue.shift();
    if (!step) return exerciseDone();
    if (step.kind === "set-done") {
      setsDone += 1;
      return next();
    }
    if (step.kind === "ready") return ready(step);
    if (step.kind === "rest") return rest(step);
    return work(step);
  }

  function ready(step) {
    controls({ pause: true, skip: true }, "pause");
    instruct(step.text);
    setText("counter", setLabel(step));
    setText("cue", item.cues[0] || "");
    say(step.text);
    // A timed hold: move into the pose while counting in, then hold it still.
    if (!item.reps && item.hold_seconds) figure.moveToPeak(READY_SECONDS, clock.paused);
    else figure.pause(true);
    clock.countDown(READY_SECONDS, (left, second) => {
      setText("timer", formatSeconds(left));
      if (second !== null && second > 0) voice.beep(false);
    }, () => {
      voice.beep(true);
      next();
    });
  }

  function rest(step) {
    controls({ pause: true, skip: true, "skip-rest": true }, "skip-rest");
    instruct(t("rest", "Rest"));
    setText("counter", t("sets_done", "Sets done: %(n)s of %(total)s", { n: step.set, total: item.sets }));
    setText("cue", t("rest_cue", "Breathe easily and let your back relax."));
    figure.pause(true);
    say(t("rest", "Rest"));
    clock.countDown(item.rest_seconds, (left, second) => {
      setText("timer", formatSeconds(left));
      if (second !== null && second > 0 && second <= 3) voice.beep(false);
    }, next);
  }

  function timed(seconds, text, done) {
    let cue = -1;
    instruct(text);
    clock.countDown(seconds, (left, second) => {
      setText("timer", formatSeconds(left));
      // A new cue every ten seconds keeps attention on the form.
      const nextCue = Math.floor((seconds - left) / 10) % Math.max(1, item.cues.length);
      if (nextCue !== cue) {
        cue = nextCue;
        setText("cue", item.cues[cue] || "");
      }
      if (second !== null && second > 0 && second <= 3) voice.beep(false);
    }, done);
  }

  function work(step) {
    const label = setLabel(step);
    if (item.reps) return repetitions(label);
    controls({ pause: true, skip: true }, "pause");
    setText("counter", label);
    const seconds = item.duration_seconds || item.hold_seconds || 30;
    const text = item.duration_seconds ? t("keep_going", "Keep going") : t("hold", "Hold");
    if (item.duration_seconds) figure.cycle(Math.max(1, tempo), clock.paused);
    else figure.holdPeak();
    say(text);
    timed(seconds, text, () => {
      voice.beep(true);
      next();
    });
  }

  function repetitions(label) {
    reps = { count: item.reps, done: 0, label: label };
    repControls();
    nextRep();
  }

  function repControls() {
    if (coach.phase === "on") {
      // The camera counts; a tap adds a repetition it missed.
      controls({ pause: true, skip: true, tap: true, "coach-off": true }, "pause");
      return;
    }
    const canSelfCount = !item.hold_seconds;
    controls({
      pause: !selfCount,
      skip: true,
      tap: selfCount,
      tempo: !selfCount && !item.hold_seconds,
      "count-mode": canSelfCount,
    }, selfCount ? "tap" : "pause");
    const mode = action("count-mode");
    mode.setAttribute("aria-pressed", String(selfCount));
    mode.textContent = selfCount ? t("count_for_me", "Count for me") : t("count_myself", "I will count myself");
    setText("tempo-text", t("per_repetition", "%(seconds)s s per repetition", { seconds: tempo.toFixed(1).replace(".0", "") }));
  }

  function showRep() {
    const rep = t("repetition_of", "repetition %(n)s of %(total)s", { n: Math.min(reps.done + 1, reps.count), total: reps.count });
    setText("counter", reps.label + " · " + rep);
    setText("cue", item.cues.length ? item.cues[reps.done % item.cues.length] : "");
  }

  function nextRep() {
    if (!reps) return;
    if (reps.done >= reps.count) {
      reps = null;
      coach.hold = null; // the next set (or side) starts its own
      voice.beep(true);
      return next();
    }
    showRep();
    if (coach.phase === "on" && item.hold_seconds) {
      clock.stop();
      if (!coach.hold) {
        coach.hold = createHoldTimer({ seconds: item.hold_seconds, speed: speed });
        say(t("into_position", "Move into position"));
      }
      holdWaiting();
      return;
    }
    if (coach.phase === "on") {
      clock.stop();
      figure.cycle(tempo, clock.paused);
      instruct(t("coach_counting", "The camera counts your repetitions"));
      setText("timer", reps.done + " / " + reps.count);
      return;
    }
    if (selfCount) {
      clock.stop();
      figure.cycle(tempo, false);
      instruct(t("tap_each", "Tap the button after each repetition"));
      setText("timer", reps.done + " / " + reps.count);
      return;
    }
    const move = Math.max(1, tempo / 2);
    if (item.hold_seconds) {
      // Move into the pose, hold it still, move back: the figure does the same.
      setText("timer", "");
      instruct(t("into_position", "Move into position"));
      say(reps.done === 0 ? t("into_position", "Move into position") : String(reps.done + 1));
      figure.moveToPeak(move, clock.paused);
      clock.countDown(move, null, () => {
        voice.beep(true);
        say(t("hold", "Hold"));
        figure.holdPeak();
        timed(item.hold_seconds, t("hold", "Hold"), () => {
          voice.beep(false);
          say(t("relax", "Relax"));
          instruct(t("relax", "Relax"));
          setText("timer", "");
          figure.release(move, clock.paused);
          clock.countDown(move, null, () => repDone("paced"));
        });
      });
      return;
    }
    setText("timer", String(reps.done + 1));
    instruct(t("move_slowly", "Move slowly"));
    voice.beep(false);
    say(String(reps.done + 1));
    // One cycle of the figure (start, furthest point, back) is one repetition.
    figure.cycle(tempo, clock.paused);
    clock.countDown(tempo, (left) => {
      if (left < tempo / 2 && instruction !== t("and_back", "…and back")) instruct(t("and_back", "…and back"));
    }, () => repDone("paced"));
  }

  function repDone(source) {
    if (!reps) return;
    coach.tally[source] += 1;
    reps.done += 1;
    nextRep();
  }

  function exerciseDone() {
    clock.stop();
    stopCoach();
    figure.pause(true);
    say(t("how_did_it_feel", "Well done. How did that feel?"));
    rating = { pain: null, effort: null };
    resetPain();
    resetEffort();
    bind("peripheralised").checked = false;
    // Only for the exercise chosen for the directional preference: leg pain moving back toward
    // the spine is the response it is for (the progression rules read it).
    bind("centralised").checked = false;
    bind("centralised-question").hidden = !item.directional;
    setText("rate-error", "");
    setText("rate-title", t("how_did", "How did %(name)s feel?", { name: item.name }));
    coachSummary();
    show("rate");
  }

  function rated() {
    if (rating.pain === null || rating.effort === null) {
      setText("rate-error", t("rate_missing", "Please choose a number for pain and for how hard it was."));
      return;
    }
    rating.peripheralised = bind("peripheralised").checked;
    rating.centralised = Boolean(item.directional) && bind("centralised").checked;
    session.logs.push(exerciseLog(item, setsDone, rating, counting()));
    nextItem();
  }

  function nextItem() {
    saveDraft(store, plan.program, index + 1, session);
    if (index + 1 < plan.items.length) startItem(index + 1);
    else end();
  }

  function offerDraft() {
    const draft = readDraft(store, plan.program, plan.items.length);
    if (!draft) return;
    bind("resume").hidden = false;
    setText("resume-text", t("earlier_today",
      "You did %(done)s of %(total)s exercises earlier today. Those answers are kept.",
      { done: draft.next, total: plan.items.length }));
    action("resume").addEventListener("click", () => {
      Object.assign(session, draft.session);
      started = true;
      if (draft.next < plan.items.length) startItem(draft.next);
      else end();
    });
  }

  function end() {
    stopCoach();
    screenOn.letSleep();
    clock.stop();
    setText("progress", t("all_done", "All exercises done"));
    show("end");
    say(t("whole_session", "Well done. That is the whole session."));
  }

  function finish() {
    if (finished) return;
    finished = true;
    const entry = outboxEntry({
      session: session,
      program: plan.program,
      url: root.getAttribute("data-log-url"),
      note: bind("note").value,
      id: newId(),
    });
    show("saved");
    setText("progress", "");
    window.backrehabOutbox.add(entry);
    dropDraft(store);
  }

  /* --- Controls ------------------------------------------------------------------------- */
  scale("pain_before", (value) => {
    session.painBefore = value;
    session.logs = [];
    session.skipped = [];
    startItem(0);
  });
  const resetPain = scale("pain_during", (value) => { rating.pain = value; });
  const resetEffort = scale("effort", (value) => { rating.effort = value; });
  scale("pain_after", (value) => { session.painAfter = value; });

  function showMute() {
    const button = action("mute");
    const muted = voice.isMuted();
    button.textContent = muted ? t("sound_off", "Sound off") : t("sound_on", "Sound on");
    button.classList.toggle("off", muted);
  }
  action("mute").addEventListener("click", () => {
    voice.toggleMute();
    showMute();
  });
  action("begin").addEventListener("click", begin);

  function setPaused(pause) {
    if (pause) clock.pause();
    else clock.resume();
    figure.pause(pause);
    if (pause) {
      say(t("paused", "Paused"));
      setText("instruction", t("paused_long", "Paused. Take your time."));
    } else {
      say(t("carry_on", "Carry on"));
      // The screen says again what to do now, not "Paused".
      setText("instruction", instruction);
    }
    showPause();
  }
  action("pause").addEventListener("click", () => setPaused(!clock.paused));
  action("skip-rest").addEventListener("click", () => {
    clock.stop();
    if (clock.paused) setPaused(false);
    next();
  });
  action("slower").addEventListener("click", () => changeTempo(0.5));
  action("faster").addEventListener("click", () => changeTempo(-0.5));
  function changeTempo(step) {
    tempo = Math.min(6, Math.max(1.5, tempo + step));
    store.setItem("backrehab.tempo", String(tempo));
    repControls();
  }
  action("count-mode").addEventListener("click", () => {
    selfCount = !selfCount;
    if (clock.paused) setPaused(false);
    repControls();
    clock.stop();
    nextRep();
  });
  action("tap").addEventListener("click", () => {
    voice.beep(false);
    if (coach.hold) coach.hold.skip(); // a hold the camera missed: the next starts after a rest
    repDone("tapped");
    if (reps) setText("timer", reps.done + " / " + reps.count);
  });

  let pausedBeforeSkip = false;
  action("skip").addEventListener("click", () => {
    pausedBeforeSkip = clock.paused;
    clock.pause();
    figure.pause(true);
    bind("controls").hidden = true;
    exerciseScreen.classList.add("choosing");
    bind("skip-reasons").hidden = false;
    bind("skip-reasons").querySelector("button").focus();
  });
  action("skip-cancel").addEventListener("click", () => {
    if (!pausedBeforeSkip) {
      clock.resume();
      figure.pause(false);
    }
    bind("skip-reasons").hidden = true;
    exerciseScreen.classList.remove("choosing");
    bind("controls").hidden = false;
    action("skip").focus();
  });
  player.querySelectorAll("[data-reason]").forEach((button) => {
    button.addEventListener("click", () => {
      // Skipped is not done: no rating, no sets, only which exercise and why.
      clock.stop();
      clock.resume();
      reps = null;
      queue = [];
      stopCoach();
      bind("skip-reasons").hidden = true;
      session.skipped.push(skipEntry(item, button.getAttribute("data-reason")));
      nextItem();
    });
  });
  action("rated").addEventListener("click", rated);
  action("coach-off").addEventListener("click", () => {
    const waiting = coach.phase !== "on";
    stopCoach();
    bind("coach-setup").hidden = true;
    setText("cue", "");
    if (clock.paused) setPaused(false);
    if (waiting) return next(); // still setting up: start the exercise as usual
    if (reps) {
      repControls();
      nextRep();
    }
  });
  action("coach-fewer").addEventListener("click", () => {
    coach.correction = Math.max(0, coach.correction - 1);
    showCorrection();
  });
  action("coach-more").addEventListener("click", () => {
    coach.correction = Math.min(500, coach.correction + 1);
    showCorrection();
  });
  bind("coach-wanted").addEventListener("change", (event) => {
    coach.wanted = event.target.checked;
    if (!coach.wanted) return showSetup();
    loadModels().then(showSetup, () => {
      coach.wanted = false;
      coachRefused();
    });
  });
  // The camera never outlives the page.
  window.addEventListener("pagehide", () => {
    if (coach.camera) coach.camera.close();
  });
  action("finish").addEventListener("click", finish);

  window.addEventListener("beforeunload", (event) => {
    if (started && !finished) event.preventDefault();
  });

  /* --- Start: the page becomes the focused, full-screen player ---------------------------- */
  document.getElementById("overview").hidden = true;
  player.hidden = false;
  document.body.classList.add("in-session");
  showMute();
  setText("progress", t("overview", "%(count)s exercises, about %(minutes)s minutes",
    { count: plan.items.length, minutes: plan.minutes }));
  show("start");
  offerDraft();
}
