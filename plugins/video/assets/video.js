/*
 * Lode video tracking, after the xAPI video profile (https://w3id.org/xapi/video).
 * Plain ES2017, no dependencies, no build step.
 *
 * It records the stretches of media time the learner actually plays
 * ("segments") and reports them through window.Lode.send in a few coarse
 * events, never one per timeupdate:
 *
 *   played   {time, segments, length}        when playback starts
 *   paused   {time, segments, length}        when the learner pauses (not at the end)
 *   seeked   {from, to, segments, length}    once a burst of seeking settles
 *   progress {time, segments, length}        every 15 s of playing, and on pagehide
 *   ended    {time, segments, length}        when the video ends
 *
 * Segments are cumulative for the page view and merged, so a lost request
 * loses nothing and the server can merge them again safely. Seeking never
 * counts as watching: a segment ends where the playhead was before a seek.
 */
(function () {
  "use strict";

  var PROGRESS_EVERY_MS = 15000;
  var SEEK_SETTLE_MS = 1000;
  var JUMP = 1.5; // seconds between timeupdates beyond which we assume a seek we did not see
  var RESUME_MARGIN = 2; // seconds; closer than this to the end, start over instead

  function round3(x) {
    return Math.round(x * 1000) / 1000;
  }

  /* mergeSegments sorts segments and joins overlapping ones (as the server does). */
  function mergeSegments(segs) {
    var sorted = segs
      .filter(function (s) { return s[1] > s[0]; })
      .map(function (s) { return [s[0], s[1]]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    sorted.forEach(function (s) {
      var last = out[out.length - 1];
      if (last && s[0] <= last[1]) {
        last[1] = Math.max(last[1], s[1]);
      } else {
        out.push(s);
      }
    });
    return out;
  }

  function watched(segs) {
    return segs.reduce(function (sum, s) { return sum + s[1] - s[0]; }, 0);
  }

  var englishStatus = {
    watching: "Watched {watched}% — {needed}% needed to complete",
    watched: "Watched {watched}% — complete",
  };

  /* statusText must match statusText in render.go. patterns are the
     status element's data-lode-watching and data-lode-watched, in the
     module's language; English without them. */
  function statusText(progress, threshold, completed, patterns) {
    var p = patterns || englishStatus;
    var seen = String(Math.floor(progress * 100 + 1e-9));
    if (completed) {
      return p.watched.split("{watched}").join(seen);
    }
    var needed = String(Math.round(threshold * 1000) / 10);
    return p.watching.split("{watched}").join(seen).split("{needed}").join(needed);
  }

  function statusPatterns(el) {
    var has = el && typeof el.getAttribute === "function";
    var watching = has && el.getAttribute("data-lode-watching");
    var watched = has && el.getAttribute("data-lode-watched");
    return watching && watched ? { watching: watching, watched: watched } : englishStatus;
  }

  /*
   * Tracker follows one video. opts: video (an HTMLMediaElement), status (the
   * status element or null), state (the client state from the server), send
   * (function (type, data, keepalive) returning a Promise), now and timers
   * (for tests).
   */
  function Tracker(opts) {
    var st = opts.state || {};
    this.video = opts.video;
    this.status = opts.status;
    this.patterns = statusPatterns(opts.status);
    this.sendRaw = opts.send;
    this.now = opts.now || Date.now;
    this.setTimeout = opts.setTimeout || function (fn, ms) { return setTimeout(fn, ms); };
    this.clearTimeout = opts.clearTimeout || function (id) { clearTimeout(id); };
    this.threshold = st.threshold || 0.9;
    this.completed = Boolean(st.completed);
    this.length = st.length || 0;
    this.position = st.position || 0;
    this.segments = mergeSegments(st.segments || []);
    this.start = null; // media time where the segment being played began
    this.last = 0; // media time last seen
    this.lastProgress = 0;
    this.seekFrom = null; // where a burst of seeking began
    this.seekTo = 0; // and where it ended
    this.seekTimer = null;
    this.resuming = false;
    this.queue = Promise.resolve();
    this.listen();
  }

  Tracker.prototype.listen = function () {
    var self = this;
    ["loadedmetadata", "durationchange", "play", "timeupdate", "pause", "seeking", "seeked", "ended"].forEach(function (name) {
      self.video.addEventListener(name, function () { self["on" + name](); });
    });
  };

  /* Some files (WebM written as a stream) report their duration only late,
     or never; then the author's configured length is all there is. */
  Tracker.prototype.ondurationchange = function () {
    var d = this.video.duration;
    if (!this.length && isFinite(d) && d > 0) {
      this.length = d;
    }
  };

  Tracker.prototype.onloadedmetadata = function () {
    var d = this.video.duration;
    this.ondurationchange();
    if (this.position > 1 && this.position < d - RESUME_MARGIN) {
      this.resuming = true; // the seek this causes is ours, not the learner's
      this.video.currentTime = this.position;
    }
    this.last = this.video.currentTime;
    this.render();
  };

  Tracker.prototype.onplay = function () {
    this.start = this.video.currentTime;
    this.last = this.start;
    this.lastProgress = this.now();
    this.send("played", { time: this.start });
  };

  Tracker.prototype.ontimeupdate = function () {
    var t = this.video.currentTime;
    if (this.video.paused || this.video.seeking || this.resuming) {
      return;
    }
    if (this.start === null) {
      this.start = t;
    } else if (Math.abs(t - this.last) > JUMP * Math.max(1, this.video.playbackRate || 1)) {
      this.close(this.last);
      this.start = t;
    }
    this.last = t;
    this.render();
    if (this.now() - this.lastProgress >= PROGRESS_EVERY_MS) {
      this.lastProgress = this.now();
      this.send("progress", { time: t });
    }
  };

  Tracker.prototype.onpause = function () {
    if (this.video.ended) {
      return; // onended reports the end
    }
    var t = this.video.seeking ? this.last : this.video.currentTime;
    this.close(t);
    this.last = t;
    this.send("paused", { time: t });
  };

  Tracker.prototype.onseeking = function () {
    if (this.resuming) {
      return;
    }
    if (this.seekFrom === null) {
      this.seekFrom = this.last;
    }
    this.close(this.last); // up to where the playhead was, not where it went
  };

  Tracker.prototype.onseeked = function () {
    var self = this;
    this.last = this.video.currentTime;
    if (this.resuming) {
      this.resuming = false;
      return;
    }
    this.seekTo = this.last;
    if (!this.video.paused) {
      this.start = this.last;
    }
    if (this.seekTimer !== null) {
      this.clearTimeout(this.seekTimer);
    }
    this.seekTimer = this.setTimeout(function () { self.flushSeek(); }, SEEK_SETTLE_MS);
  };

  /* flushSeek reports a burst of seeking (dragging the scrubber) as one seek. */
  Tracker.prototype.flushSeek = function () {
    this.seekTimer = null;
    if (this.seekFrom === null) {
      return;
    }
    var from = this.seekFrom;
    this.seekFrom = null;
    this.send("seeked", { from: from, to: this.seekTo });
  };

  Tracker.prototype.onended = function () {
    var end = this.video.currentTime;
    this.close(end);
    this.last = end;
    this.send("ended", { time: end });
  };

  /* onpagehide saves what was watched when the learner leaves, keepalive so
     the request survives the page. */
  Tracker.prototype.onpagehide = function () {
    var t = this.video.currentTime;
    if (this.seekTimer !== null) {
      this.clearTimeout(this.seekTimer);
      this.flushSeek();
    }
    if (this.start !== null) {
      this.close(t);
      this.start = t; // the page may come back from the back/forward cache
    }
    this.send("progress", { time: t }, true);
  };

  /* close ends the segment being played at media time t. */
  Tracker.prototype.close = function (t) {
    if (this.start !== null && t > this.start) {
      this.segments = mergeSegments(this.segments.concat([[this.start, t]]));
    }
    this.start = null;
  };

  /* snapshot is every segment watched, including the one being played. */
  Tracker.prototype.snapshot = function () {
    var segs = this.segments;
    if (this.start !== null && this.last > this.start) {
      segs = mergeSegments(segs.concat([[this.start, this.last]]));
    }
    return segs.map(function (s) { return [round3(s[0]), round3(s[1])]; });
  };

  Tracker.prototype.progress = function () {
    return this.length > 0 ? Math.min(1, round3(watched(this.snapshot()) / this.length)) : 0;
  };

  /* render updates the status text; it is not a live region, so screen
     readers are not interrupted every few seconds. */
  Tracker.prototype.render = function () {
    var p = this.progress();
    if (p >= this.threshold) {
      this.completed = true;
    }
    if (!this.status) {
      return;
    }
    var text = statusText(p, this.threshold, this.completed, this.patterns);
    if (this.status.textContent !== text) {
      this.status.textContent = text;
    }
    if (this.completed && this.status.classList) {
      this.status.classList.add("lode-video-complete");
    }
  };

  /* send queues events so they reach the server in order; keepalive ones
     go at once because the page is going away. Tracking must never break
     playback, so failures are only logged. */
  Tracker.prototype.send = function (type, data, keepalive) {
    var self = this;
    if (!this.length) {
      // Without a length the server cannot measure progress and refuses the
      // event; say nothing rather than show the learner an error.
      return Promise.resolve(null);
    }
    data.segments = this.snapshot();
    data.length = round3(this.length);
    ["time", "from", "to"].forEach(function (k) {
      if (typeof data[k] === "number") {
        data[k] = round3(data[k]);
      }
    });
    var go = function () {
      return Promise.resolve(self.sendRaw(type, data, Boolean(keepalive))).then(function () { self.render(); });
    };
    var p = keepalive ? go() : (this.queue = this.queue.then(go, go));
    p.catch(function (err) {
      if (typeof console !== "undefined") {
        console.warn("lode video: could not send " + type, err);
      }
    });
    return p;
  };

  var api = { Tracker: Tracker, mergeSegments: mergeSegments, watched: watched, statusText: statusText, round3: round3 };
  if (typeof module === "object" && module.exports) {
    module.exports = api; // for the tests under Node
    return;
  }

  /* Wiring into the Lode page. */

  function readState(root) {
    if (window.Lode && typeof window.Lode.state === "function") {
      return window.Lode.state(root) || {};
    }
    var wrapper = root.closest("[data-lode-object]");
    try {
      return JSON.parse((wrapper && wrapper.dataset.lodeState) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  var trackers = [];
  var seen = new WeakSet();

  function attach(root) {
    var video = root.querySelector("video");
    if (seen.has(root) || !video) {
      return;
    }
    seen.add(root);
    trackers.push(new Tracker({
      video: video,
      status: root.querySelector(".lode-video-status"),
      state: readState(root),
      send: function (type, data, keepalive) {
        if (!root.isConnected || !window.Lode || typeof window.Lode.send !== "function") {
          return Promise.resolve(null);
        }
        var msg = { type: type, data: data, rerender: false };
        if (keepalive) {
          msg.keepalive = true;
        }
        return window.Lode.send(root, msg);
      },
    }));
  }

  function attachAll() {
    document.querySelectorAll('[data-lode-plugin="video"]').forEach(attach);
  }

  if (window.__lodeVideo) {
    return; // the engine loaded this script twice
  }
  window.__lodeVideo = api;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
  // The engine announces fragments it renders again or adds.
  document.addEventListener("lode:rendered", attachAll);
  window.addEventListener("pagehide", function () {
    trackers.forEach(function (t) { t.onpagehide(); });
  });
})();
