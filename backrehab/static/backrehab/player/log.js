/* What the player writes down: the session log, its draft on the phone, the outbox entry. */

export const DRAFT_KEY = "backrehab.session-draft";

/* Why an exercise was skipped: the choices the player offers (the session log's vocabulary). */
export const SKIP_REASONS = ["too painful", "no time", "no equipment", "other"];

export function localDate(now = new Date()) {
  const pad = (n) => (n < 10 ? "0" : "") + n;
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

export function newId(crypto = globalThis.crypto) {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Older browsers: a version-4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

/* A new, empty session. */
export function newSession() {
  return { painBefore: null, painAfter: null, logs: [], skipped: [] };
}

/* One exercise done, as the session log records it. The directional exercise also records
   whether leg pain moved back toward the spine (centralised); the others are not asked.
   `counting` (motion/coach.js countRecord) says how its repetitions were counted: camera,
   tapped or paced, how many, how many reached full range (camera), and whether the patient
   corrected the number. */
export const COUNT_FIELDS = ["count_source", "reps_counted", "full_range_reps", "count_corrected"];

export function exerciseLog(item, setsDone, rating, counting = null) {
  const log = {
    exercise: item.exercise,
    sets: setsDone,
    reps: item.reps,
    hold_seconds: item.hold_seconds,
    duration_seconds: item.duration_seconds,
    pain_during: rating.pain,
    effort: rating.effort,
    peripheralised: Boolean(rating.peripheralised),
  };
  if (item.directional) log.centralised = Boolean(rating.centralised);
  if (counting && item.reps) {
    COUNT_FIELDS.forEach((field) => {
      if (counting[field] !== undefined) log[field] = counting[field];
    });
  }
  return log;
}

/* A skipped exercise is not rated and not recorded as done: only which one, and why. */
export function skipEntry(item, reason) {
  if (!SKIP_REASONS.includes(reason)) throw new Error("unknown skip reason: " + reason);
  return { exercise: item.exercise, reason: reason };
}

/* The outbox entry for a finished session (outbox.js sends it until the server stores it). */
export function outboxEntry({ session, program, url, note, id, now = new Date() }) {
  return {
    client_id: id,
    program: program,
    url: url,
    saved_at: now.toISOString(),
    session: {
      date: localDate(now),
      pain_before: session.painBefore,
      exercises: session.logs,
      pain_after: session.painAfter,
      note: (note || "").slice(0, 2000),
      skipped: session.skipped,
    },
  };
}

/* A session in progress survives a reload or a closed tab (same program, same day). */
export function saveDraft(store, program, next, session, now = new Date()) {
  store.setItem(DRAFT_KEY, JSON.stringify({ program: program, date: localDate(now), next: next, session: session }));
}

export function readDraft(store, program, total, now = new Date()) {
  try {
    const draft = JSON.parse(store.getItem(DRAFT_KEY) || "null");
    if (draft && draft.program === program && draft.date === localDate(now)
        && draft.next > 0 && draft.next <= total) return draft;
  } catch (e) {
    /* an unreadable draft is simply not offered */
  }
  return null;
}

export function dropDraft(store) {
  store.removeItem(DRAFT_KEY);
}
