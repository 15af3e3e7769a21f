/* backrehab guided session player: counts, times and speaks each exercise of today's session.
 *
 * Progressive enhancement: without this script the page lists the exercises and their steps.
 * Everything it needs (plan, words, figures) is in the page, so a session carries on offline;
 * the finished log goes to the outbox (outbox.js), which keeps it until the server has it.
 * ?speed=N runs every clock N times faster (for tests and demonstrations).
 */
(function () {
  "use strict";
  const root = document.getElementById("session");
  const planNode = document.getElementById("session-plan");
  const player = document.getElementById("player");
  if (!root || !planNode || !player) return;
  const plan = JSON.parse(planNode.textContent);
  if (!plan.items.length) return;
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
  const TICK_MS = 100;
  const READY_SECONDS = 3;
  const store = window.localStorage;

  const bind = (name) => player.querySelector('[data-bind="' + name + '"]');
  const action = (name) => player.querySelector('[data-action="' + name + '"]');
  const figures = {};
  document.querySelectorAll("[data-figure-for]").forEach((node) => {
    figures[node.getAttribute("data-figure-for")] = node;
  });

  /* --- Sound, speech and the screen ----------------------------------------------------- */
  let muted = store.getItem("backrehab.muted") === "1";
  let audio = null;

  function beep(high) {
    if (muted) return;
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      const start = audio.currentTime;
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = high ? 1046 : 660;
      volume.gain.setValueAtTime(0.0001, start);
      volume.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.2);
    } catch (e) {
      /* no sound on this device: the screen still shows everything */
    }
  }

  function say(text) {
    if (muted || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      utterance.rate = 0.95;
      window.speechSynthesis.speak(utterance);
    } catch (e) {
      /* speech is a help, never a requirement */
    }
  }

  function showMute() {
    const button = action("mute");
    button.textContent = muted ? t("sound_off", "Sound off") : t("sound_on", "Sound on");
    button.classList.toggle("off", muted);
  }

  let wakeLock = null;
  let wantAwake = false;
  async function keepAwake() {
    wantAwake = true;
    if (!("wakeLock" in navigator) || wakeLock) return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => { wakeLock = null; });
    } catch (e) {
      wakeLock = null;
    }
  }
  function letSleep() {
    wantAwake = false;
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }
  // The browser drops the lock when the tab is hidden; take it again on return.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && wantAwake) keepAwake();
  });

  /* --- The clock: one countdown at a time, paused as a whole -------------------------- */
  let countdown = null; // {left, onSecond, done}
  let paused = false;
  let lastTick = 0;
  let ticker = 0;

  function formatSeconds(seconds) {
    const whole = Math.max(0, Math.ceil(seconds - 1e-9));
    if (whole < 60) return String(whole);
    const rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function countDown(seconds, onSecond, done) {
    countdown = { left: seconds, shown: -1, onSecond: onSecond, done: done };
    lastTick = performance.now();
    if (!ticker) ticker = window.setInterval(tick, TICK_MS);
    tick();
  }

  function stopClock() {
    countdown = null;
  }

  function tick() {
    const now = performance.now();
    const elapsed = ((now - lastTick) / 1000) * speed;
    lastTick = now;
    if (!countdown || paused) return;
    const current = countdown;
    current.left -= elapsed;
    const whole = Math.max(0, Math.ceil(current.left - 1e-9));
    if (current.onSecond) current.onSecond(current.left, whole !== current.shown ? whole : null);
    current.shown = whole;
    if (current.left <= 0 && countdown === current) {
      countdown = null;
      current.done();
    }
  }

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
  const session = { painBefore: null, painAfter: null, logs: [], skipped: [] };
  let index = 0;
  let item = null;
  let queue = [];
  let setsDone = 0;
  let rating = {};
  let started = false;
  let finished = false;
  let tempo = parseFloat(store.getItem("backrehab.tempo")) || 3; // seconds per repetition
  let selfCount = false;
  let reps = null; // the repetitions being counted: {count, done, next}

  function startItem(i) {
    index = i;
    item = plan.items[i];
    setsDone = 0;
    queue = [];
    reps = null;
    selfCount = false; // kept for the sets of one exercise, offered afresh for the next
    stopClock();
    paused = false;
    show("exercise");
    setText("progress", t("exercise_of", "Exercise %(n)s of %(total)s", { n: i + 1, total: plan.items.length }));
    setText("name", item.name);
    setText("dose", item.dose_text);
    const stage = bind("figure");
    stage.replaceChildren();
    if (figures[item.exercise]) stage.appendChild(figures[item.exercise]);
    fillList("steps", item.steps);
    fillList("why", item.why);
    setText("breathing", item.breathing);
    setText("instruction", t("starting_position", "Get into the starting position."));
    setText("timer", "");
    setText("counter", "");
    setText("cue", "");
    // Before starting, the steps are what matter; during the exercise, the timer.
    player.querySelector("details.how").open = true;
    bind("skip-reasons").hidden = true;
    bind("controls").hidden = false;
    controls({ begin: true, skip: true });
    say(item.name);
  }

  function controls(visible) {
    ["begin", "tap", "count-mode", "skip-rest", "pause", "skip"].forEach((name) => {
      action(name).hidden = !visible[name];
    });
    bind("tempo").hidden = !visible.tempo;
    const pause = action("pause");
    pause.textContent = paused ? t("resume", "Resume") : t("pause", "Pause");
    pause.setAttribute("aria-pressed", String(paused));
  }

  function setLabel(step) {
    let text = t("set_of", "Set %(n)s of %(total)s", { n: step.set, total: item.sets });
    if (item.per_side) text += step.side === 1 ? " · first side" : " · other side";
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
        if (side === 2) ready = t("other_side", "Now the other side");
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
    player.querySelector("details.how").open = false;
    keepAwake();
    beep(false); // a sound from a tap unlocks audio on phones for the rest of the session
    queue = buildQueue();
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
    controls({ pause: true, skip: true });
    setText("instruction", step.text);
    setText("counter", setLabel(step));
    setText("cue", item.cues[0] || "");
    say(step.text);
    countDown(READY_SECONDS, (left, second) => {
      setText("timer", formatSeconds(left));
      if (second !== null && second > 0) beep(false);
    }, () => {
      beep(true);
      next();
    });
  }

  function rest(step) {
    controls({ pause: true, skip: true, "skip-rest": true });
    setText("instruction", t("rest", "Rest"));
    setText("counter", t("sets_done", "Sets done: %(n)s of %(total)s", { n: step.set, total: item.sets }));
    setText("cue", t("rest_cue", "Breathe easily and let your back relax."));
    say(t("rest", "Rest"));
    countDown(item.rest_seconds, (left, second) => {
      setText("timer", formatSeconds(left));
      if (second !== null && second > 0 && second <= 3) beep(false);
    }, next);
  }

  function timed(seconds, instruction, done) {
    let cue = -1;
    countDown(seconds, (left, second) => {
      setText("timer", formatSeconds(left));
      // A new cue every ten seconds keeps attention on the form.
      const nextCue = Math.floor((seconds - left) / 10) % item.cues.length;
      if (nextCue !== cue) {
        cue = nextCue;
        setText("cue", item.cues[cue]);
      }
      if (second !== null && second > 0 && second <= 3) beep(false);
    }, done);
    setText("instruction", instruction);
  }

  function work(step) {
    const label = setLabel(step);
    if (item.reps) return repetitions(step, label);
    controls({ pause: true, skip: true });
    setText("counter", label);
    const seconds = item.duration_seconds || item.hold_seconds || 30;
    const instruction = item.duration_seconds ? t("keep_going", "Keep going") : t("hold", "Hold");
    say(instruction);
    timed(seconds, instruction, () => {
      beep(true);
      next();
    });
  }

  function repetitions(step, label) {
    reps = { count: item.reps, done: 0, label: label };
    repControls();
    nextRep();
  }

  function repControls() {
    const canSelfCount = !item.hold_seconds;
    controls({
      pause: !selfCount,
      skip: true,
      tap: selfCount,
      tempo: !selfCount && !item.hold_seconds,
      "count-mode": canSelfCount,
    });
    const mode = action("count-mode");
    mode.setAttribute("aria-pressed", String(selfCount));
    mode.textContent = selfCount ? t("count_for_me", "Count for me") : t("count_myself", "I will count myself");
    setText("tempo-text", t("per_repetition", "%(seconds)s s per repetition", { seconds: tempo.toFixed(1).replace(".0", "") }));
  }

  function showRep() {
    const rep = t("repetition_of", "repetition %(n)s of %(total)s", { n: Math.min(reps.done + 1, reps.count), total: reps.count });
    setText("counter", reps.label + " · " + rep);
    setText("cue", item.cues[reps.done % item.cues.length]);
  }

  function nextRep() {
    if (!reps) return;
    if (reps.done >= reps.count) {
      reps = null;
      beep(true);
      return next();
    }
    showRep();
    if (selfCount) {
      stopClock();
      setText("instruction", t("tap_each", "Tap the button after each repetition"));
      setText("timer", reps.done + " / " + reps.count);
      return;
    }
    const move = Math.max(1, tempo / 2);
    if (item.hold_seconds) {
      setText("timer", "");
      setText("instruction", t("into_position", "Move into position"));
      say(reps.done === 0 ? t("into_position", "Move into position") : String(reps.done + 1));
      countDown(move, null, () => {
        beep(true);
        say(t("hold", "Hold"));
        timed(item.hold_seconds, t("hold", "Hold"), () => {
          beep(false);
          say(t("relax", "Relax"));
          setText("instruction", t("relax", "Relax"));
          setText("timer", "");
          countDown(move, null, repDone);
        });
      });
      return;
    }
    setText("timer", String(reps.done + 1));
    setText("instruction", t("move_slowly", "Move slowly"));
    beep(false);
    say(String(reps.done + 1));
    paceFigure(tempo);
    countDown(tempo, (left) => {
      if (left < tempo / 2) setText("instruction", t("and_back", "…and back"));
    }, repDone);
  }

  // One cycle of a figure's animation (start, furthest point, back) is one repetition: while
  // the player paces repetitions, each one restarts the figure, lasting as long as the tempo.
  function paceFigure(seconds) {
    const svg = bind("figure").querySelector("svg");
    if (!svg || typeof svg.setCurrentTime !== "function") return;
    const dur = (seconds / speed).toFixed(2) + "s";
    svg.querySelectorAll("animate").forEach((a) => a.setAttribute("dur", dur));
    svg.setCurrentTime(0);
    if (!paused) svg.unpauseAnimations();
  }

  function pauseFigure(pause) {
    const svg = bind("figure").querySelector("svg");
    if (!svg || typeof svg.pauseAnimations !== "function") return;
    if (pause) svg.pauseAnimations();
    else svg.unpauseAnimations();
  }

  function repDone() {
    if (!reps) return;
    reps.done += 1;
    nextRep();
  }

  function exerciseDone() {
    stopClock();
    say(t("how_did_it_feel", "Well done. How did that feel?"));
    rate(t("how_did", "How did %(name)s feel?", { name: item.name }));
  }

  function rate(title) {
    rating = { pain: null, effort: null };
    resetPain();
    resetEffort();
    bind("peripheralised").checked = false;
    setText("rate-error", "");
    setText("rate-title", title);
    show("rate");
  }

  function rated() {
    if (rating.pain === null || rating.effort === null) {
      setText("rate-error", t("rate_missing", "Please choose a number for pain and for how hard it was."));
      return;
    }
    session.logs.push({
      exercise: item.exercise,
      sets: setsDone,
      reps: item.reps,
      hold_seconds: item.hold_seconds,
      duration_seconds: item.duration_seconds,
      pain_during: rating.pain,
      effort: rating.effort,
      peripheralised: bind("peripheralised").checked,
    });
    saveDraft();
    if (index + 1 < plan.items.length) startItem(index + 1);
    else end();
  }

  /* A session in progress survives a reload or a closed tab (same program, same day). */
  const DRAFT_KEY = "backrehab.session-draft";
  function saveDraft() {
    const draft = { program: plan.program, date: localDate(), next: index + 1, session: session };
    store.setItem(DRAFT_KEY, JSON.stringify(draft));
  }
  function readDraft() {
    try {
      const draft = JSON.parse(store.getItem(DRAFT_KEY) || "null");
      if (draft && draft.program === plan.program && draft.date === localDate()
          && draft.next > 0 && draft.next <= plan.items.length) return draft;
    } catch (e) {
      /* an unreadable draft is simply not offered */
    }
    return null;
  }
  function offerDraft() {
    const draft = readDraft();
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
    letSleep();
    setText("progress", t("all_done", "All exercises done"));
    show("end");
    say(t("whole_session", "Well done. That is the whole session."));
  }

  function localDate() {
    const now = new Date();
    const pad = (n) => (n < 10 ? "0" : "") + n;
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    // Older browsers: a version-4 UUID from getRandomValues.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function finish() {
    if (finished) return;
    finished = true;
    const entry = {
      client_id: newId(),
      program: plan.program,
      url: root.getAttribute("data-log-url"),
      saved_at: new Date().toISOString(),
      session: {
        date: localDate(),
        pain_before: session.painBefore,
        exercises: session.logs,
        pain_after: session.painAfter,
        note: bind("note").value.slice(0, 2000),
        skipped: session.skipped,
      },
    };
    show("saved");
    setText("progress", "");
    window.backrehabOutbox.add(entry);
    store.removeItem(DRAFT_KEY);
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

  action("mute").addEventListener("click", () => {
    muted = !muted;
    store.setItem("backrehab.muted", muted ? "1" : "0");
    if (muted && "speechSynthesis" in window) window.speechSynthesis.cancel();
    showMute();
  });
  action("begin").addEventListener("click", begin);
  action("pause").addEventListener("click", () => {
    paused = !paused;
    lastTick = performance.now();
    pauseFigure(paused);
    if (paused) {
      say(t("paused", "Paused"));
      setText("instruction", t("paused_long", "Paused. Take your time."));
    } else {
      say(t("carry_on", "Carry on"));
    }
    action("pause").textContent = paused ? t("resume", "Resume") : t("pause", "Pause");
    action("pause").setAttribute("aria-pressed", String(paused));
  });
  action("skip-rest").addEventListener("click", () => {
    stopClock();
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
    repControls();
    stopClock();
    nextRep();
  });
  action("tap").addEventListener("click", () => {
    beep(false);
    repDone();
    if (reps) setText("timer", reps.done + " / " + reps.count);
  });

  let pausedBeforeSkip = false;
  action("skip").addEventListener("click", () => {
    pausedBeforeSkip = paused;
    paused = true;
    bind("controls").hidden = true;
    bind("skip-reasons").hidden = false;
    bind("skip-reasons").querySelector("button").focus();
  });
  action("skip-cancel").addEventListener("click", () => {
    paused = pausedBeforeSkip;
    lastTick = performance.now();
    bind("skip-reasons").hidden = true;
    bind("controls").hidden = false;
    action("skip").focus();
  });
  player.querySelectorAll("[data-reason]").forEach((button) => {
    button.addEventListener("click", () => {
      stopClock();
      paused = false;
      reps = null;
      queue = [];
      bind("skip-reasons").hidden = true;
      session.skipped.push({ exercise: item.exercise, reason: button.getAttribute("data-reason") });
      rate(t("skipped", "You skipped %(name)s. How did it feel?", { name: item.name }));
    });
  });
  action("rated").addEventListener("click", rated);
  action("finish").addEventListener("click", finish);

  window.addEventListener("beforeunload", (event) => {
    if (started && !finished) event.preventDefault();
  });

  /* --- Start ---------------------------------------------------------------------------- */
  document.getElementById("overview").hidden = true;
  player.hidden = false;
  showMute();
  setText("progress", t("overview", "%(count)s exercises, about %(minutes)s minutes",
    { count: plan.items.length, minutes: plan.minutes }));
  show("start");
  offerDraft();
})();
