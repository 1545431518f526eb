// schemaform.js: conveniences for the forms engine/schemaform renders.
// Progressive enhancement only: every form works without it (array
// buttons post the form, autofocus moves focus after a post).
(() => {
  'use strict';
  // Error summary links: browsers scroll to the field but do not all
  // focus it; put the field's label in view and focus the field.
  document.addEventListener('click', (e) => {
    const a = e.target.closest('.sf-summary a[href^="#"]');
    const el = a && document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!el) return;
    e.preventDefault();
    (el.closest('.sf-field, fieldset') || el).scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  });

  // Markdown preview: a button after each Markdown box that shows the text
  // as the server renders it (POST markdown=... to data-sf-preview).
  for (const form of document.querySelectorAll('.sf-form[data-sf-preview]')) {
    for (const box of form.querySelectorAll('textarea[data-sf-markdown]')) {
      addPreview(form.dataset.sfPreview, box);
    }
  }

  function addPreview(url, box) {
    const label = document.querySelector(`label[for="${CSS.escape(box.id)}"]`);
    const btn = document.createElement('button');
    const out = document.createElement('div');
    btn.type = 'button';
    btn.className = 'sf-preview-toggle';
    btn.textContent = 'Preview';
    btn.setAttribute('aria-expanded', 'false');
    btn.setAttribute('aria-controls', (out.id = box.id + '-preview'));
    out.className = 'sf-preview';
    out.hidden = true;
    out.setAttribute('role', 'region');
    out.setAttribute('aria-label', 'Preview of ' + (label ? label.textContent : 'the text'));
    box.after(btn, out);
    btn.addEventListener('click', async () => {
      if (btn.getAttribute('aria-expanded') === 'true') {
        out.hidden = true;
        btn.setAttribute('aria-expanded', 'false');
        return;
      }
      const body = new FormData();
      body.append('markdown', box.value);
      const csrf = box.form && box.form.querySelector('input[name="csrf_token"]');
      if (csrf) body.append('csrf_token', csrf.value);
      try {
        const resp = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
        if (!resp.ok) throw new Error(String(resp.status));
        out.innerHTML = await resp.text(); // the server's sanitised rendering
      } catch {
        out.textContent = 'The preview could not be loaded; the text is unchanged.';
      }
      out.hidden = false;
      btn.setAttribute('aria-expanded', 'true');
    });
  }
})();
