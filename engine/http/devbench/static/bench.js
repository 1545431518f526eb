// Keeps the workbench up to date: each "change" event from /_dev/events
// reloads the page's live part in place, and a new Handle call is
// announced once through the polite status line.
(function () {
  'use strict';
  var main = document.getElementById('bench');
  if (!main || !window.EventSource) return;
  var seen = Number(main.getAttribute('data-seq'));
  var source = new EventSource('/_dev/events');
  window.lodeBenchStream = source; // for tests and the console
  source.addEventListener('change', function (e) {
    var ch = JSON.parse(e.data);
    fetch('/_dev', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var fresh = doc.getElementById('bench-live');
      var live = document.getElementById('bench-live');
      if (!fresh || !live) return;
      // Keep a keyboard user's place: focus the same link in the new copy.
      var focused = live.contains(document.activeElement) && document.activeElement.getAttribute('href');
      live.replaceWith(document.importNode(fresh, true));
      var again = focused && document.querySelector('#bench-live a[href="' + focused + '"]');
      if (again) again.focus();
      main.setAttribute('data-seq', String(ch.seq));
      if (ch.seq > seen) {
        document.getElementById('bench-status').textContent = 'New Handle call ' + ch.seq + ': event “' + ch.event + '”.';
        seen = ch.seq;
      }
    });
  });
}());
