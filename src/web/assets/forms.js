/* Sends any <form data-api="/api/…" data-method="POST"> as JSON and shows the API's own words.
   Input types: data-type="number" | "boolean" (checkbox) | "array" (multiple select, checkbox
   group, or comma-separated text) | "string" (default). Empty optional fields are left out.
   data-redirect="/path": go there on success; otherwise the page reloads (or data-ok shows text).
   data-confirm="Question ?": asked first. Inputs with data-ignore are not sent.
   data-result="#id" (+ data-result-field): the answer is shown there, the page is not reloaded.
   A dotted name (name="anonymous.total") is sent nested: { anonymous: { total: … } }. */
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'fr';
  var WORDS = {
    fr: {
      error: "Quelque chose n'a pas marché. Réessayez.",
      offline: 'Pas de connexion au serveur. Vérifiez le réseau et réessayez.',
      sending: 'Envoi…',
      fields: 'Vérifiez les champs signalés.',
    },
    en: {
      error: 'Something went wrong. Please try again.',
      offline: 'Cannot reach the server. Check the network and try again.',
      sending: 'Sending…',
      fields: 'Check the fields marked.',
    },
  };
  var words = WORDS[lang] || WORDS.fr;
  /* The page's CSRF token (layout's <meta name="csrf-token">), sent with every form. */
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function fieldValue(el) {
    var type = el.getAttribute('data-type') || 'string';
    if (type === 'boolean') return el.type === 'checkbox' ? el.checked : el.value === 'true';
    if (type === 'number') return el.value === '' ? undefined : Number(el.value);
    if (type === 'array') {
      if (el.tagName === 'SELECT')
        return Array.prototype.filter
          .call(el.options, function (o) {
            return o.selected;
          })
          .map(function (o) {
            return o.value;
          });
      return el.value
        .split(',')
        .map(function (s) {
          return s.trim();
        })
        .filter(Boolean);
    }
    if (el.getAttribute('data-empty') === 'null' && el.value === '') return null;
    return el.value === '' ? undefined : el.value;
  }

  /* The object a dotted name's last part goes into (created on the way). */
  function holder(body, name) {
    var parts = name.split('.');
    var target = body;
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof target[parts[i]] !== 'object' || target[parts[i]] === null) target[parts[i]] = {};
      target = target[parts[i]];
    }
    return { target: target, key: parts[parts.length - 1] };
  }

  function collect(form) {
    var flat = collectFlat(form);
    var body = {};
    Object.keys(flat).forEach(function (name) {
      var h = holder(body, name);
      h.target[h.key] = flat[name];
    });
    return body;
  }

  function collectFlat(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.hasAttribute('data-ignore') || el.type === 'submit' || el.type === 'button') return;
      var type = el.getAttribute('data-type');
      if (el.type === 'checkbox' && type === 'array') {
        if (!body[el.name]) body[el.name] = [];
        if (el.checked) body[el.name].push(el.value);
        return;
      }
      if (el.type === 'radio' && !el.checked) return;
      if (el.type === 'checkbox' && type !== 'boolean') {
        if (el.checked) body[el.name] = el.value;
        return;
      }
      var v = fieldValue(el);
      if (v !== undefined) body[el.name] = v;
    });
    return body;
  }

  function messageBox(form) {
    var box = form.querySelector('.form-message');
    if (!box) {
      box = document.createElement('p');
      box.className = 'form-message';
      box.setAttribute('role', 'alert');
      form.appendChild(box);
    }
    return box;
  }

  function show(form, text, ok) {
    var box = messageBox(form);
    box.textContent = text;
    box.className = 'form-message ' + (ok ? 'ok' : 'error');
  }

  /* The field a reason is about: <… name="x">, or its first control when several share the name. */
  function fieldNamed(form, name) {
    var found = null;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!found && el.name === name && el.type !== 'hidden' && !el.hasAttribute('data-ignore')) found = el;
    });
    return found;
  }

  /* Reasons placed by the page itself (page kit's fieldError) or by a previous answer are taken away first. */
  function clearFieldErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (p) {
      var input = p.id && form.querySelector('[aria-describedby~="' + p.id + '"]');
      if (input) {
        input.removeAttribute('aria-invalid');
        var rest = (input.getAttribute('aria-describedby') || '')
          .split(' ')
          .filter(function (id) {
            return id && id !== p.id;
          })
          .join(' ');
        if (rest) input.setAttribute('aria-describedby', rest);
        else input.removeAttribute('aria-describedby');
      }
      p.parentNode.removeChild(p);
    });
  }

  var errorCount = 0;
  /* Each reason of a 400 under its field (aria-invalid, aria-describedby); returns the reasons no field took. */
  function placeFieldErrors(form, fields) {
    var left = [];
    var first = null;
    Object.keys(fields || {}).forEach(function (name) {
      var reasons = fields[name] || [];
      var input = fieldNamed(form, name);
      if (!input) {
        left = left.concat(reasons);
        return;
      }
      var p = document.createElement('span');
      p.className = 'field-error';
      p.id = 'field-error-' + ++errorCount;
      p.textContent = reasons.join(' ');
      var holder = input.closest('.field') || input.closest('label') || input;
      if (holder === input) input.insertAdjacentElement('afterend', p);
      else holder.appendChild(p);
      input.setAttribute('aria-invalid', 'true');
      var described = input.getAttribute('aria-describedby');
      input.setAttribute('aria-describedby', described ? described + ' ' + p.id : p.id);
      if (!first) first = input;
    });
    if (first && first.focus) first.focus();
    return left;
  }

  function apiMessage(data) {
    if (!data) return '';
    var m = data.message;
    if (Array.isArray(m)) return m.join(' ; ');
    return typeof m === 'string' ? m : '';
  }

  function submit(form, event) {
    event.preventDefault();
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    var buttons = form.querySelectorAll('button, input[type=submit]');
    var submitter = event.submitter || lastClicked;
    var body = collect(form);
    if (submitter && submitter.name) body[submitter.name] = submitter.getAttribute('data-type') === 'number' ? Number(submitter.value) : submitter.value;
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    clearFieldErrors(form);
    var box = messageBox(form);
    box.className = 'form-message';
    box.textContent = words.sending;
    fetch(form.getAttribute('data-api'), {
      method: (form.getAttribute('data-method') || 'POST').toUpperCase(),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res.text().then(function (text) {
          var data = null;
          try {
            data = text ? JSON.parse(text) : null;
          } catch (e) {
            data = null;
          }
          if (!res.ok) {
            /* A validation refusal names its fields; a rule of a service may name the one field it is about. */
            var fields = data && data.fields;
            if (!fields && data && typeof data.field === 'string') {
              fields = {};
              fields[data.field] = [apiMessage(data)];
            }
            var left = fields ? placeFieldErrors(form, fields) : null;
            /* Every reason placed beside its field: the box above the button only says so. */
            if (left && left.length === 0 && Object.keys(fields).length) throw new Error(words.fields);
            if (left && left.length) throw new Error(left.join(' ; '));
            throw new Error(apiMessage(data) || words.error);
          }
          return data;
        });
      })
      .then(function (data) {
        if (showResult(form, data)) {
          Array.prototype.forEach.call(buttons, function (b) {
            b.disabled = false;
          });
          return;
        }
        var redirect = form.getAttribute('data-redirect');
        if (redirect) {
          window.location.assign(redirect);
          return;
        }
        var ok = form.getAttribute('data-ok');
        if (ok) {
          show(form, ok, true);
          form.reset();
          Array.prototype.forEach.call(buttons, function (b) {
            b.disabled = false;
          });
          return;
        }
        window.location.reload();
      })
      .catch(function (err) {
        show(form, err instanceof TypeError ? words.offline : err.message || words.error, false);
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = false;
        });
      });
  }

  /* data-result="#id" data-result-field="name": an answer shown once (a new password, a config
     file) is written into that element, which is unhidden, instead of reloading the page. */
  function showResult(form, data) {
    var target = form.getAttribute('data-result') && document.querySelector(form.getAttribute('data-result'));
    if (!target) return false;
    var value = data && data[form.getAttribute('data-result-field') || ''];
    target.textContent = typeof value === 'string' ? value : JSON.stringify(data, null, 2);
    target.hidden = false;
    var box = target.closest('[hidden]');
    if (box) box.hidden = false;
    var ok = form.getAttribute('data-ok');
    if (ok) show(form, ok, true);
    return true;
  }

  /* Older browsers (Safari < 15.4) have no event.submitter: remember the clicked button. */
  var lastClicked = null;
  document.addEventListener('click', function (event) {
    var b = event.target && event.target.closest ? event.target.closest('button[type=submit], input[type=submit]') : null;
    lastClicked = b;
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute('data-api')) return submit(form, event);
    if (form && csrfToken && (form.getAttribute('method') || '').toLowerCase() === 'post' && !form.querySelector('input[name="_csrf"]')) {
      var field = document.createElement('input');
      field.type = 'hidden';
      field.name = '_csrf';
      field.value = csrfToken;
      form.appendChild(field);
    }
  });

  /* A search box that filters a list as you type: <input data-filter="#list"> over its <li>. */
  document.addEventListener('input', function (event) {
    var input = event.target;
    var sel = input && input.getAttribute && input.getAttribute('data-filter');
    if (!sel) return;
    var q = input.value.trim().toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll(sel + ' > li'), function (li) {
      li.hidden = q !== '' && li.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
  /* For a page's own form script (a body forms.js cannot send): the same reasons beside their fields. */
  window.fablabForms = { placeFieldErrors: placeFieldErrors, clearFieldErrors: clearFieldErrors, words: words };
})();
