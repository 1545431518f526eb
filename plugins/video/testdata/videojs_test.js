// Tests for ../assets/video.js under Node (run by TestVideoJS in render_test.go).
"use strict";
const assert = require("node:assert/strict");
const { Tracker, mergeSegments, statusText } = require("../assets/video.js");

class FakeVideo extends EventTarget {
  constructor(duration) {
    super();
    this.duration = duration;
    this.currentTime = 0;
    this.paused = true;
    this.seeking = false;
    this.ended = false;
    this.playbackRate = 1;
  }
  fire(name) { this.dispatchEvent(new Event(name)); }
  play() { this.paused = false; this.fire("play"); }
  pause() { this.paused = true; this.fire("pause"); }
  // playTo advances playback in 0.25 s steps, as timeupdate does; each media
  // second is one second of wall clock.
  playTo(t, clock) {
    while (this.currentTime < t - 1e-9) {
      this.currentTime = Math.min(t, this.currentTime + 0.25);
      clock.ms += 250;
      this.fire("timeupdate");
    }
  }
  seek(t) {
    this.seeking = true;
    this.currentTime = t;
    this.fire("seeking");
    this.seeking = false;
    this.fire("seeked");
  }
}

function setup(state, duration) {
  const video = new FakeVideo(duration || 60);
  const clock = { ms: 1000 };
  const sent = [];
  const timers = [];
  const t = new Tracker({
    video,
    status: { textContent: "", classList: { add() {} } },
    state: state || { threshold: 0.9, segments: [] },
    send: (type, data, keepalive) => { sent.push({ type, data, keepalive }); return Promise.resolve({}); },
    now: () => clock.ms,
    setTimeout: (fn) => { timers.push(fn); return timers.length; },
    clearTimeout: (id) => { timers[id - 1] = null; },
  });
  video.fire("loadedmetadata");
  const flushTimers = () => { timers.splice(0).forEach((fn) => fn && fn()); };
  return { t, video, clock, sent, flushTimers };
}

const types = (sent) => sent.map((s) => s.type);
// settle lets queued sends reach the fake Lode.send.
const settle = () => new Promise((resolve) => setImmediate(resolve));
const tests = {
  "play and pause report one segment": async () => {
    const { video, clock, sent } = setup();
    video.play();
    video.playTo(10, clock);
    video.pause();
    await settle();
    assert.deepEqual(types(sent), ["played", "paused"]);
    assert.equal(sent[0].data.time, 0);
    assert.deepEqual(sent[1].data, { time: 10, segments: [[0, 10]], length: 60 });
  },
  "progress is coarse: every 15 s, not per timeupdate": async () => {
    const { video, clock, sent } = setup();
    video.play();
    video.playTo(40, clock);
    await settle();
    assert.deepEqual(types(sent), ["played", "progress", "progress"]);
    assert.deepEqual(sent[2].data.segments, [[0, 30]]);
  },
  "seeking does not count as watching, and a burst is one seek": async () => {
    const { video, clock, sent, flushTimers } = setup();
    video.play();
    video.playTo(5, clock);
    video.seek(20);
    video.seek(35);
    video.seek(50);
    video.playTo(55, clock);
    flushTimers();
    video.pause();
    await settle();
    assert.deepEqual(types(sent), ["played", "seeked", "paused"]);
    assert.deepEqual(sent[1].data.from, 5);
    assert.deepEqual(sent[1].data.to, 50); // where the last seek of the burst went
    assert.deepEqual(sent[2].data.segments, [[0, 5], [50, 55]]);
  },
  "rewatching the same seconds adds nothing": async () => {
    const { t, video, clock, sent } = setup({ threshold: 0.9, segments: [[0, 10]], position: 0 });
    video.play();
    video.playTo(10, clock);
    video.pause();
    await settle();
    assert.deepEqual(sent[1].data.segments, [[0, 10]]);
    assert.equal(t.progress(), 0.167);
  },
  "resumes at the stored position without reporting a seek": async () => {
    const { video, sent, flushTimers } = setup({ threshold: 0.9, position: 30, segments: [[0, 30]] });
    await settle();
    assert.equal(video.currentTime, 30);
    video.fire("seeking");
    video.fire("seeked");
    flushTimers();
    assert.deepEqual(sent, []);
  },
  "near the end starts over": async () => {
    const { video } = setup({ threshold: 0.9, position: 59.5, segments: [] });
    await settle();
    assert.equal(video.currentTime, 0);
  },
  "the end is reported once, as ended": async () => {
    const { video, clock, sent } = setup({ threshold: 0.9, segments: [] }, 6);
    video.play();
    video.playTo(6, clock);
    video.ended = true;
    video.pause();
    video.fire("ended");
    await settle();
    assert.deepEqual(types(sent), ["played", "ended"]);
    assert.deepEqual(sent[1].data, { time: 6, segments: [[0, 6]], length: 6 });
  },
  "pagehide saves with keepalive": async () => {
    const { t, video, clock, sent } = setup();
    video.play();
    video.playTo(8, clock);
    t.onpagehide();
    await settle();
    // It goes at once, ahead of queued events: the page is going away.
    assert.deepEqual(sent.find((s) => s.keepalive), { type: "progress", data: { time: 8, segments: [[0, 8]], length: 60 }, keepalive: true });
  },
  "status text": async () => {
    const { t, video, clock } = setup({ threshold: 0.9, segments: [] }, 10);
    video.play();
    video.playTo(4, clock);
    await settle();
    assert.equal(t.status.textContent, "Watched 40% — 90% needed to complete");
    video.playTo(9, clock);
    assert.equal(t.status.textContent, "Watched 90% — complete");
  },
  "nothing is sent while the length is unknown": async () => {
    const { video, clock, sent } = setup({ threshold: 0.9, segments: [] }, Infinity);
    video.play();
    video.playTo(3, clock);
    video.duration = 6;
    video.fire("durationchange");
    video.playTo(5, clock);
    video.pause();
    await settle();
    assert.deepEqual(types(sent), ["paused"]);
    assert.deepEqual(sent[0].data, { time: 5, segments: [[0, 5]], length: 6 });
  },
  "mergeSegments": async () => {
    await settle();
    assert.deepEqual(mergeSegments([[5, 7], [0, 2], [1, 3], [7, 9], [4, 4]]), [[0, 3], [5, 9]]);
  },
};

// Shared with TestStatusText in Go: both must give the same text.
const statusCases = JSON.parse(process.argv[2] || "[]");
tests["statusText matches Go"] = async () => {
  for (const c of statusCases) {
    assert.equal(statusText(c.progress, c.threshold, c.completed, c.patterns), c.want);
  }
};

(async () => {
  let failed = 0;
  for (const [name, fn] of Object.entries(tests)) {
    try {
      await fn();
    } catch (err) {
      failed++;
      console.log("FAIL " + name + "\n" + err.message);
    }
  }
  process.exit(failed ? 1 : 0);
})();
