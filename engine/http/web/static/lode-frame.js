// lode-frame.js runs in Lode's /embed pages, inside a frame on another
// site. It (1) sends the page's embed bearer with each interaction, since
// the frame may have no cookies; (2) tells the page around it its height,
// whenever it changes; (3) tells it what the learner achieved, as
// xAPI-shaped events; (4) keeps an anonymous learner through the host
// page's storage, where the page runs lode-embed.js. Messages go only to the embedding site, and only if
// it is one allowed to embed this module. Format: docs/embedding.md
// ("lode": 1). It loads before lode.js, whose requests it wraps.
(function () {
  'use strict';

  var VERSION = 1;
  var VERBS = {
    progressed: 'http://adlnet.gov/expapi/verbs/progressed',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed'
  };

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.content : '';
  }

  // parentOrigin is the embedding page's origin if it may be told
  // anything: one of the origins the page lists.
  function parentOrigin() {
    if (window.parent === window) return '';
    var allowed = meta('lode-embed-origins').split(' ').filter(Boolean);
    var origin = '';
    if (location.ancestorOrigins && location.ancestorOrigins.length) {
      origin = location.ancestorOrigins[0];
    } else if (document.referrer) {
      try { origin = new URL(document.referrer).origin; } catch (e) { origin = ''; }
    }
    return allowed.indexOf(origin) >= 0 ? origin : '';
  }

  var target = parentOrigin();

  function send(msg) {
    if (!target) return;
    msg.lode = VERSION;
    window.parent.postMessage(msg, target);
  }

  // Resize: the document's height, followed as content renders late and
  // feedback expands.
  var lastHeight = 0;
  function reportHeight() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== lastHeight) {
      lastHeight = h;
      send({ type: 'resize', height: h });
    }
  }
  if (window.ResizeObserver) {
    new ResizeObserver(reportHeight).observe(document.documentElement);
  }
  window.addEventListener('load', reportHeight);

  function activity() {
    var s = document.querySelector('[data-lode-activity]');
    var title = document.getElementById('lode-object-title');
    return {
      objectType: 'Activity',
      id: s ? s.getAttribute('data-lode-activity') : location.href,
      definition: { name: { und: title ? title.textContent : document.title } }
    };
  }

  function statement(verb, result) {
    var st = { verb: { id: VERBS[verb], display: { 'en-US': verb } }, object: activity() };
    if (result) st.result = result;
    send({ type: 'statement', verb: verb, statement: st });
  }

  // events turns the server's answer to an interaction into the events
  // the host page hears.
  function events(body) {
    var r = body.result;
    var p = body.progress || {};
    statement('progressed', { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': p.percent || 0 } });
    if (r && r.completion) statement('completed', r);
    if (r && r.success === true) statement('passed', r);
    if (r && r.success === false) statement('failed', r);
    if (body.module_completed) send({ type: 'module-completed', progress: p });
  }

  var bearer = meta('lode-embed-bearer');
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : input.url;
    var ours = new URL(url, location.href);
    if (ours.origin !== location.origin || ours.pathname.indexOf('/api/') !== 0) {
      return realFetch(input, init);
    }
    init = Object.assign({}, init);
    var headers = new Headers(init.headers || {});
    if (bearer) headers.set('X-Lode-Embed', bearer);
    if (target) headers.set('X-Lode-Embed-Origin', target);
    init.headers = headers;
    return realFetch(input, init).then(function (res) {
      // A visitor's first answer made them a learner: this is their bearer
      // now, and the host page keeps their handle for the next visit.
      var next = res.headers.get('X-Lode-Embed');
      if (next) bearer = next;
      var handle = res.headers.get('X-Lode-Embed-Handle');
      if (handle) send({ type: 'identity-store', handle: handle });
      if (res.ok && ours.pathname.indexOf('/api/modules/') === 0) {
        res.clone().json().then(events, function () { /* not JSON: nothing to report */ });
      }
      return res;
    });
  };

  // The resume code: a learner continues on Lode, or in another browser,
  // with it. It needs this script, so it stays hidden without.
  function resumeCode() {
    var box = document.querySelector('[data-lode-embed-resume]');
    if (!box) return;
    var out = box.querySelector('[data-lode-embed-resume-out]');
    box.hidden = false;
    box.querySelector('button').addEventListener('click', function () {
      window.fetch('/api/embed/resume-code', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Accept': 'application/json', 'X-CSRF-Token': meta('lode-csrf') }
      }).then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error((body.error && body.error.message) || 'error ' + res.status);
          out.textContent = 'Your resume code is ' + body.code + '. Keep it: enter it at ' + body.signin_url +
            ' to continue there. It is shown only once.';
        });
      }).catch(function (e) {
        out.textContent = 'No resume code was made: ' + e.message + '.';
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', resumeCode);
  } else {
    resumeCode();
  }

  // The pager posts the bearer along, so that a frame whose cookies are
  // all refused still knows the learner on the next step.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('.lode-pager a');
    if (!a || !bearer || bearer.indexOf('v.') === 0 || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    post(a.href, { bearer: bearer });
  });

  function post(action, fields) {
    var f = document.createElement('form');
    f.method = 'post';
    f.action = action;
    f.hidden = true;
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      f.appendChild(input);
    });
    document.body.appendChild(f);
    f.submit();
  }

  // Identity kept by the host page: a visitor's frame (no launch token, no
  // cookie that kept a learner) asks the embedding page, if it runs
  // lode-embed.js, for the handle it keeps, and believes only the answer
  // of that page (its parent, at the allowed origin it was told). The
  // handle goes back to Lode with the origin it came from, which accepts it
  // only if it was issued for that origin. A refused one: the host forgets it.
  var identity = meta('lode-embed-identity');
  if (target && identity === 'refused') send({ type: 'identity-store', handle: null });
  // An anonymous learner's page carries their handle for each allowed site:
  // the host keeps this site's (it may have none yet, or have lost it).
  var handles = meta('lode-embed-handles').split(' ');
  for (var i = 0; target && i + 1 < handles.length; i += 2) {
    if (handles[i] === target) send({ type: 'identity-store', handle: handles[i + 1] });
  }
  if (target && identity === 'ask') {
    window.addEventListener('message', function onIdentity(e) {
      var d = e.data;
      if (e.source !== window.parent || e.origin !== target || !d || d.lode !== VERSION) return;
      if (d.type === 'host-ready') send({ type: 'identity-request' }); // the host's script came after our first ask
      if (d.type !== 'identity') return;
      window.removeEventListener('message', onIdentity);
      if (typeof d.handle === 'string' && d.handle) post(location.href, { handle: d.handle, handle_origin: target, bearer: bearer, csrf_token: meta('lode-csrf') });
    });
    send({ type: 'identity-request' });
  }

  // The launch token has been used: keep it out of the history and away
  // from a reload (it is good once), which the partitioned cookie serves.
  // Replacing the entry also turns a posted step back into a plain GET.
  if (history.replaceState) {
    var u = new URL(location.href);
    u.searchParams.delete('launch');
    history.replaceState(null, '', u.pathname + u.search + u.hash);
  }
})();
