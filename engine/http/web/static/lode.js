// lode.js sends learners' interactions with a learning object to the
// server and updates the page in place: the object, the progress, the step
// list, and a live region that screen readers announce. Plain ES2017, no
// dependencies, no build step; without it, pages still show every object
// and link, only interactions need it.
(function () {
  'use strict';

  var feedbackSel = '[data-lode-feedback]';

  // words are what lode.js writes itself, in the page's language: the
  // layout puts them on <body> (data-lode-saving...) from the message
  // catalog (js.*), and a pattern's {name} is filled from values.
  function words(name, values) {
    return fill(document.body.getAttribute('data-lode-' + name) || '', values);
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? values[k] : m; });
  }

  function csrfToken() {
    var m = document.querySelector('meta[name="lode-csrf"]');
    return m ? m.content : '';
  }

  function objectOf(el) {
    var section = el && el.closest('[data-lode-object]');
    if (!section) throw new Error('Lode: the element is not inside a learning object');
    return section;
  }

  function endpoint(section) {
    var own = section.getAttribute('data-lode-endpoint'); // a draft's tryout in the editor
    if (own) return own;
    return '/api/modules/' + encodeURIComponent(section.getAttribute('data-lode-module')) +
      '/objects/' + encodeURIComponent(section.getAttribute('data-lode-object')) + '/events';
  }

  // post sends one event and resolves with the server's JSON, or rejects
  // with an Error whose message is written for the learner.
  async function post(section, type, data, rerender, keepalive) {
    var res;
    try {
      res = await fetch(endpoint(section), {
        method: 'POST', credentials: 'same-origin', keepalive: keepalive,
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ type: type, data: data || {}, rerender: rerender })
      });
    } catch (e) {
      throw new Error(words('unreachable'));
    }
    var body = null;
    try { body = await res.json(); } catch (e) { /* a proxy's error page is not JSON */ }
    if (!res.ok) {
      var msg = body && body.error && body.error.message;
      var err = new Error(msg ? sentence(msg) : words('failed', { status: res.status }));
      err.status = res.status;
      err.field = body && body.error && body.error.field;
      throw err;
    }
    return body;
  }

  function sentence(msg) {
    msg = msg.charAt(0).toUpperCase() + msg.slice(1);
    return /[.!?]$/.test(msg) ? msg : msg + '.';
  }

  function addAssets(assets) {
    (assets || []).forEach(function (a) {
      if (a.kind === 'style' && !document.querySelector('link[href="' + a.url + '"]')) {
        var l = document.createElement('link');
        l.rel = 'stylesheet';
        l.href = a.url;
        document.head.appendChild(l);
      } else if (a.kind === 'script' && !document.querySelector('script[src="' + a.url + '"]')) {
        var s = document.createElement('script');
        s.src = a.url;
        s.defer = true;
        document.head.appendChild(s);
      }
    });
  }

  function updateProgress(p, steps) {
    if (p) {
      var bar = document.querySelector('[data-lode-progress]');
      if (bar) { bar.value = p.percent; bar.textContent = p.percent + '%'; }
      var text = document.querySelector('[data-lode-percent-text]');
      if (text) text.textContent = fill(text.getAttribute('data-lode-pattern') || '{percent}%', { percent: p.percent });
    }
    var byId = {};
    (steps || []).forEach(function (s) { byId[s.id] = s; });
    document.querySelectorAll('[data-lode-step]').forEach(function (li) {
      var s = byId[li.getAttribute('data-lode-step')];
      if (!s) return;
      li.setAttribute('data-status', s.status);
      var label = li.querySelector('[data-lode-step-status]');
      if (label) label.textContent = s.label;
      if (s.status !== 'locked') unlock(li, s.url);
    });
    var done = document.querySelector('[data-lode-steps-done]');
    if (done && steps) done.textContent = steps.filter(function (s) { return s.status === 'done'; }).length;
  }

  // unlock makes a step that this event opened (a linear module's next
  // step) a link, keeping what the row says.
  function unlock(li, url) {
    var row = li.querySelector('[data-lode-step-row]');
    if (!row || row.tagName === 'A') return;
    var a = document.createElement('a');
    a.href = url;
    Array.prototype.forEach.call(row.attributes, function (at) { a.setAttribute(at.name, at.value); });
    while (row.firstChild) a.appendChild(row.firstChild);
    row.replaceWith(a);
  }

  // The step list is a disclosure, open in the page so that it is there
  // without JavaScript. On a narrow screen it starts closed, so the step
  // comes first; on a wide one it is always open (its summary is hidden).
  (function stepList() {
    var list = document.querySelector('[data-lode-steps]');
    if (!list || !window.matchMedia) return;
    var narrow = window.matchMedia('(max-width: 40em)');
    var fit = function () { list.open = !narrow.matches; };
    fit();
    narrow.addEventListener('change', fit);
  }());

  // apply puts the server's answer into the page and returns the HTML
  // to announce. Plugin scripts re-bind on lode:rendered.
  function apply(section, body, rerendered) {
    if (rerendered) {
      addAssets(body.assets);
      section.innerHTML = body.html || '';
      section.setAttribute('data-lode-state', JSON.stringify(body.client_state === undefined ? null : body.client_state));
    }
    updateProgress(body.progress, body.steps);
    var html = body.feedback_html || '';
    var done = document.querySelector('[data-lode-complete]');
    if (body.module_completed && done) {
      done.hidden = false;
      var p = done.querySelector('p');
      if (p) html += '<p>' + escapeHTML(p.textContent) + '</p>';
    }
    if (rerendered) {
      section.dispatchEvent(new CustomEvent('lode:rendered', { bubbles: true, detail: body }));
    }
    return html;
  }

  function escapeHTML(s) {
    var d = document.createElement('div');
    d.textContent = s;
    return d.innerHTML;
  }

  // announce fills the live region. Moving focus there, after a form was
  // sent, makes screen readers read it and keeps keyboard users in place:
  // the button they pressed may have been replaced. A re-rendered object
  // may name a better place instead with data-lode-focus (a quiz's result,
  // the next question); the live region is then announced without focus.
  function announce(section, html, isError, moveFocus) {
    var region = document.querySelector(feedbackSel);
    if (!region) return;
    region.setAttribute('role', isError ? 'alert' : 'status');
    region.classList.toggle('lode-feedback-error', isError);
    region.innerHTML = isError ? '<p>' + escapeHTML(html) + '</p>' : html;
    if (!moveFocus) return;
    var target = !isError && section.querySelector('[data-lode-focus]');
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    } else if (region.textContent.trim() !== '') {
      region.focus();
    } else if (!document.body.contains(document.activeElement) || document.activeElement === document.body) {
      section.setAttribute('tabindex', '-1');
      section.focus();
    }
  }

  function formData(form, submitter) {
    var out = Object.create(null);
    function add(k, v) { (out[k] = out[k] || []).push(v); }
    new FormData(form).forEach(function (v, k) {
      if (typeof v === 'string') add(k, v);
    });
    if (submitter && submitter.name) add(submitter.name, submitter.value);
    return out;
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-lode-event')) return;
    var section = form.closest('[data-lode-object]');
    if (!section) return;
    ev.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    var buttons = Array.prototype.filter.call(
      form.querySelectorAll('button, input[type="submit"], input[type="image"]'),
      function (b) { return !b.disabled; });
    buttons.forEach(function (b) { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    var done = function () {
      form.removeAttribute('aria-busy');
      buttons.forEach(function (b) { b.disabled = false; });
    };
    post(section, form.getAttribute('data-lode-event'), formData(form, ev.submitter), true, false)
      .then(function (body) {
        done();
        announce(section, apply(section, body, true), false, true);
      }, function (err) {
        done(); // the form stays as it was, with what the learner typed
        announce(section, err.message, true, true);
      });
  });

  // Autosave: a control marked data-lode-autosave (or inside an element so
  // marked) sends its form's event as the learner changes it, without
  // re-rendering, so typing and focus are never disturbed. Ticks and
  // choices are sent at once, typing after a pause. The object's element
  // marked data-lode-autosave-status (a live region) says "Saving…", then
  // what the server answered, and "Saved" only after it answered 2xx;
  // a failure says so and leaves what the learner entered in place.
  var typingPause = 800; // ms
  var autosaves = new Map(); // form -> {timers: Map(control -> timeout), busy, again}

  function autosaveOf(form) {
    var a = autosaves.get(form);
    if (!a) { a = { timers: new Map(), busy: false, again: false }; autosaves.set(form, a); }
    return a;
  }

  function typed(el) {
    return el instanceof HTMLTextAreaElement ||
      (el instanceof HTMLInputElement && !/^(checkbox|radio|file|submit|button|image|reset|range|color)$/.test(el.type));
  }

  function autosaveStatus(section, text, failed) {
    var el = section.querySelector('[data-lode-autosave-status]');
    if (!el) return;
    el.textContent = text;
    el.classList.toggle('lode-autosave-error', failed);
  }

  function textOf(html) {
    var t = document.createElement('template');
    t.innerHTML = html || '';
    return t.content.textContent.trim().replace(/\s+/g, ' ');
  }

  // autosave sends the form now; a change made while a save is on its way
  // is sent when it returns, and only the last answer is shown.
  function autosave(form, leaving) {
    var section = form.closest('[data-lode-object]');
    var a = autosaveOf(form);
    a.timers.forEach(clearTimeout);
    a.timers.clear();
    if (!section) { autosaves.delete(form); return; } // replaced by a re-render
    if (a.busy && !leaving) { a.again = true; return; }
    a.busy = true;
    a.again = false;
    autosaveStatus(section, words('saving'), false);
    // keepalive lets a save started as the learner leaves still arrive;
    // browsers allow it only for bodies under 64 KiB in all.
    var data = formData(form, null);
    var keepalive = new Blob([JSON.stringify(data)]).size < 32768;
    post(section, form.getAttribute('data-lode-event'), data, false, keepalive)
      .then(function (body) {
        a.busy = false;
        if (a.again) return autosave(form);
        var html = apply(section, body, false);
        autosaveStatus(section, textOf(body.feedback_html) || words('saved'), false);
        if (body.module_completed) announce(section, html, false, false);
      }, function (err) {
        a.busy = false;
        if (a.again) return autosave(form);
        autosaveStatus(section, words('not-saved', { reason: err.message }), true);
      });
  }

  function autosaveForm(el) {
    if (!(el instanceof Element) || !el.closest('[data-lode-autosave]')) return null;
    var form = el.form;
    return form && form.hasAttribute('data-lode-event') && form.closest('[data-lode-object]') ? form : null;
  }

  document.addEventListener('input', function (ev) {
    var form = autosaveForm(ev.target);
    if (!form || !typed(ev.target)) return;
    var a = autosaveOf(form);
    clearTimeout(a.timers.get(ev.target));
    a.timers.set(ev.target, setTimeout(function () { autosave(form); }, typingPause));
  });
  document.addEventListener('change', function (ev) {
    var form = autosaveForm(ev.target);
    // A text field's change (on leaving it) only hurries typing not yet sent.
    if (form && (!typed(ev.target) || autosaveOf(form).timers.has(ev.target))) autosave(form);
  });
  // Typing not yet sent when the learner leaves is sent on the way out,
  // even while an earlier save is still on its way.
  window.addEventListener('pagehide', function () {
    autosaves.forEach(function (a, form) { if (a.timers.size > 0) autosave(form, true); });
  });

  // Lode.send is for plugin scripts with richer interactions than a form
  // (video tracking). It updates progress and announces feedback or an
  // error without moving focus, and resolves with the server's JSON or
  // rejects with an Error whose message is written for the learner.
  window.Lode = {
    send: function (el, opts) {
      var o = opts || {};
      var section;
      try { section = objectOf(el); } catch (e) { return Promise.reject(e); }
      return post(section, o.type, o.data, !!o.rerender, !!o.keepalive).then(function (body) {
        var html = apply(section, body, !!o.rerender);
        if (html) announce(section, html, false, false);
        return body;
      }, function (err) {
        if (!o.keepalive) announce(section, err.message, true, false); // the page is going away otherwise
        throw err;
      });
    },
    // state returns the object's client state (data-lode-state) parsed.
    state: function (el) {
      try { return JSON.parse(objectOf(el).getAttribute('data-lode-state') || 'null'); } catch (e) { return null; }
    }
  };
}());
