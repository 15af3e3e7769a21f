// The player's clock, run by node --test (tests/test_player_modules.py starts it).
import assert from "node:assert/strict";
import { test } from "node:test";

import { Clock, formatSeconds } from "../../backrehab/static/backrehab/player/clock.js";

function fakeTime() {
  let now = 0;
  return { now: () => now, advance: (ms) => { now += ms; } };
}

test("a countdown reaches zero once and calls done", () => {
  const time = fakeTime();
  const clock = new Clock({ now: time.now });
  let done = 0;
  clock.countDown(2, null, () => { done += 1; });
  time.advance(1000); clock.tick();
  assert.equal(done, 0);
  time.advance(1000); clock.tick();
  time.advance(1000); clock.tick();
  assert.equal(done, 1);
  assert.equal(clock.running, false);
});

test("time spent paused is not counted down", () => {
  const time = fakeTime();
  const clock = new Clock({ now: time.now });
  let left = null;
  clock.countDown(10, (l) => { left = l; }, () => {});
  time.advance(2000); clock.tick();
  clock.pause();
  time.advance(60000); clock.tick();
  clock.resume();
  time.advance(1000); clock.tick();
  assert.equal(Math.round(left), 7);
  assert.equal(clock.paused, false);
});

test("speed runs the clock faster", () => {
  const time = fakeTime();
  const clock = new Clock({ now: time.now, speed: 10 });
  let done = false;
  clock.countDown(10, null, () => { done = true; });
  time.advance(1000); clock.tick();
  assert.equal(done, true);
});

test("seconds show as minutes past a minute", () => {
  assert.equal(formatSeconds(59.2), "1:00");
  assert.equal(formatSeconds(5), "5");
  assert.equal(formatSeconds(125), "2:05");
  assert.equal(formatSeconds(-1), "0");
});
