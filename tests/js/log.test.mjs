// What the player writes down, run by node --test (tests/test_player_modules.py starts it).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  exerciseLog, localDate, newId, newSession, outboxEntry, readDraft, saveDraft, skipEntry,
} from "../../backrehab/static/backrehab/player/log.js";

const item = { exercise: "bird-dog", reps: 6, hold_seconds: 5, duration_seconds: null };

function memoryStore() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, v), removeItem: (k) => data.delete(k) };
}

test("a skipped exercise is written down with its reason and no rating", () => {
  assert.deepEqual(skipEntry(item, "no equipment"), { exercise: "bird-dog", reason: "no equipment" });
  assert.throws(() => skipEntry(item, "bored"));
});

test("a done exercise carries its sets, dose and ratings", () => {
  const log = exerciseLog(item, 2, { pain: 3, effort: 5, peripheralised: false });
  assert.deepEqual(log, {
    exercise: "bird-dog", sets: 2, reps: 6, hold_seconds: 5, duration_seconds: null,
    pain_during: 3, effort: 5, peripheralised: false,
  });
});

test("only the directional exercise records whether leg pain moved back toward the spine", () => {
  const directional = { ...item, exercise: "prone-press-up", directional: true };
  assert.equal(exerciseLog(directional, 1, { pain: 4, effort: 3, centralised: true }).centralised, true);
  assert.equal(exerciseLog(directional, 1, { pain: 4, effort: 3 }).centralised, false);
  assert.equal("centralised" in exerciseLog(item, 1, { pain: 4, effort: 3, centralised: true }), false);
});

test("the outbox entry dates the session by the phone's local day", () => {
  const session = newSession();
  session.painBefore = 4;
  session.skipped.push(skipEntry(item, "no time"));
  const entry = outboxEntry({ session, program: 7, url: "/my/session/log", note: "x".repeat(3000), id: "abc", now: new Date(2026, 11, 3, 23, 30) });
  assert.equal(entry.session.date, "2026-12-03");
  assert.equal(entry.session.note.length, 2000);
  assert.deepEqual(entry.session.skipped, [{ exercise: "bird-dog", reason: "no time" }]);
  assert.equal(entry.session.pain_before, 4);
});

test("a draft is offered again only for the same program on the same day", () => {
  const store = memoryStore();
  const today = new Date(2026, 11, 3, 10);
  saveDraft(store, 7, 2, newSession(), today);
  assert.equal(readDraft(store, 7, 5, today).next, 2);
  assert.equal(readDraft(store, 8, 5, today), null);
  assert.equal(readDraft(store, 7, 5, new Date(2026, 11, 4, 10)), null);
  store.setItem("backrehab.session-draft", "{not json");
  assert.equal(readDraft(store, 7, 5, today), null);
});

test("ids are version-4 UUIDs even without randomUUID", () => {
  const id = newId({ getRandomValues: (bytes) => bytes.fill(255) });
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(localDate(new Date(2026, 0, 5)), "2026-01-05");
});
