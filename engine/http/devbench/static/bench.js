// Keeps the workbench up to date: each "change" event from /_dev/events
// reloads the page's live part in place, and a new Handle call is
// announced once through the polite status line.
(function () {
  'use strict';
  var main = document.getElementById('bench');
  if (!main || !window.EventSource) return;
  var seen = Number(main.getAttribute('data-seq'));
  var source = new EventSource('/_dev/events');
  source.addEventListener('change', function (e) {
    var ch = JSON.parse(e.data);
    fetch('/_dev', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var fresh = doc.getElementById('bench-live');
      var live = document.getElementById('bench-live');
      if (!fresh || !live) return;
      live.replaceWith(document.importNode(fresh, true));
      main.setAttribute('data-seq', String(ch.seq));
      if (ch.seq > seen) {
        document.getElementById('bench-status').textContent = 'New Handle call ' + ch.seq + ': event “' + ch.event + '”.';
        seen = ch.seq;
      }
    });
  });
}());
