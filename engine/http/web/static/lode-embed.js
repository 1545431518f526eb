// lode-embed.js is the optional script for pages that embed Lode. It sizes
// each Lode frame to its content and re-emits what the learner achieved as
// DOM events on the iframe (they bubble):
//   lode:statement  detail: { verb, statement }   progressed, completed, passed, failed
//   lode:module-completed  detail: { progress }
// It keeps an anonymous learner's handle for the frames (identity-request,
// identity-store). It believes only messages from Lode's origin (this script's) that come
// from one of the page's frames. Format: docs/embedding.md ("lode": 1).
(function () {
  'use strict';

  var script = document.currentScript;
  var lodeOrigin = new URL(script ? script.src : location.href).origin;

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  // The anonymous learner's handle, kept in this site's own storage (which
  // browsers keep when they clear a frame's cookies). Opaque and signed by
  // Lode for this site: it means nothing to, and is refused from, others.
  var KEY = 'lode-learner-handle ' + lodeOrigin;
  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (err) { return null; } // storage disabled
  }
  function store(handle) {
    try {
      if (handle === null) window.localStorage.removeItem(KEY);
      else if (typeof handle === 'string' && handle.length < 1024) window.localStorage.setItem(KEY, handle);
    } catch (err) { /* storage disabled or full: the learner is kept as far as cookies allow */ }
  }

  // A frame may have asked before this script ran: tell Lode's frames it
  // is here (delivered only to documents at Lode's origin).
  function ready() {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow) frames[i].contentWindow.postMessage({ lode: 1, type: 'host-ready' }, lodeOrigin);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();

  window.addEventListener('message', function (e) {
    if (e.origin !== lodeOrigin || !e.data || e.data.lode !== 1) return;
    var frame = frameOf(e.source);
    if (!frame) return;
    var d = e.data;
    if (d.type === 'resize' && typeof d.height === 'number' && d.height > 0) {
      frame.style.height = Math.min(d.height, 20000) + 'px';
    } else if (d.type === 'statement') {
      frame.dispatchEvent(new CustomEvent('lode:statement', { bubbles: true, detail: { verb: d.verb, statement: d.statement } }));
    } else if (d.type === 'module-completed') {
      frame.dispatchEvent(new CustomEvent('lode:module-completed', { bubbles: true, detail: { progress: d.progress } }));
    } else if (d.type === 'identity-request') {
      e.source.postMessage({ lode: 1, type: 'identity', handle: stored() }, lodeOrigin); // to the frame that asked, at Lode's origin only
    } else if (d.type === 'identity-store') {
      store(d.handle);
    }
  });
})();
