// lode-embed.js is the optional script for pages that embed Lode. It sizes
// each Lode frame to its content and re-emits what the learner achieved as
// DOM events on the iframe (they bubble):
//   lode:statement  detail: { verb, statement }   progressed, completed, passed, failed
//   lode:module-completed  detail: { progress }
// It believes only messages from Lode's origin (this script's) that come
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
    }
  });
})();
