/* The outreach logging page (/outreach/stops/:id/log): works with no network.
   Each activity typed is given its id here (a UUID), stored in IndexedDB (database
   « fablab-outreach », store « queue »), then sent to POST /api/outreach/stops/:id/activities.
   It stays in the queue until the server answers 201 (written) or 200 (that id was already
   written): a page reloaded, a phone switched off, an answer lost on the way — the same id goes
   again and the server writes it once. A refusal (400, 404, 409) keeps the entry with the
   server's words, never drops it silently. The queue is sent on load, when the network comes
   back (« online »), every 20 seconds and on « Envoyer maintenant ». */
(function () {
  'use strict';
  var form = document.getElementById('outreach-log');
  if (!form) return;
  var stopId = form.getAttribute('data-stop');
  var stopDate = form.getAttribute('data-date');
  var lang = document.documentElement.lang || 'fr';
  var WORDS = {
    fr: {
      kept: 'Gardé sur le téléphone : envoi dès que le réseau est là.',
      sentOk: 'Envoyé.',
      offline: 'Pas de réseau : {n} activité(s) en attente, rien n’est perdu.',
      login: 'Session expirée : reconnectez-vous pour envoyer (rien n’est perdu).',
      server: 'Le serveur ne répond pas bien : nouvel essai bientôt.',
      topics: 'Choisissez au moins une thématique.',
      attendance: 'Atelier : indiquez le nombre de participants.',
      refused: 'Refusée : ',
      drop: 'Retirer',
      individuel: 'Accompagnement individuel',
      collectif: 'Atelier collectif',
      noStorage: 'Ce navigateur ne peut pas garder de données hors ligne : restez connecté pour noter.',
    },
    en: {
      kept: 'Kept on the phone: it will be sent once the network is back.',
      sentOk: 'Sent.',
      offline: 'No network: {n} activit(y/ies) waiting, nothing is lost.',
      login: 'Session over: log in again to send (nothing is lost).',
      server: 'The server is not answering well: trying again soon.',
      topics: 'Choose at least one topic.',
      attendance: 'Workshop: give the number of participants.',
      refused: 'Refused: ',
      drop: 'Remove',
      individuel: 'Individual accompaniment',
      collectif: 'Group workshop',
      noStorage: 'This browser cannot keep data offline: stay connected to log.',
    },
  };
  var words = WORDS[lang] || WORDS.fr;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var status = document.getElementById('outreach-status');
  var STORE = 'queue';
  var dbPromise = null;

  function say(text, ok) {
    status.textContent = text;
    status.className = 'form-message ' + (ok ? 'ok' : 'error');
  }

  function db() {
    if (!dbPromise)
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open('fablab-outreach', 1);
        open.onupgradeneeded = function () {
          open.result.createObjectStore(STORE, { keyPath: 'id' });
        };
        open.onsuccess = function () {
          resolve(open.result);
        };
        open.onerror = function () {
          reject(open.error);
        };
      });
    return dbPromise;
  }

  function request(mode, act) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction(STORE, mode);
        var r = act(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(r && r.result);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
      });
    });
  }

  function entries() {
    return request('readonly', function (s) {
      return s.getAll();
    }).then(function (all) {
      return (all || [])
        .filter(function (e) {
          return e.stopId === stopId;
        })
        .sort(function (a, b) {
          return a.savedAt - b.savedAt;
        });
    });
  }
  var put = function (entry) {
    return request('readwrite', function (s) {
      return s.put(entry);
    });
  };
  var remove = function (id) {
    return request('readwrite', function (s) {
      return s.delete(id);
    });
  };

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function checked(name) {
    return Array.prototype.filter
      .call(form.querySelectorAll('input[name="' + name + '"]'), function (el) {
        return el.checked;
      })
      .map(function (el) {
        return el.value;
      });
  }

  /* The activity as the API takes it; the place is the stop's, the server fills it in. */
  function collect() {
    var type = checked('type')[0] || 'individuel';
    var body = { type: type, date: stopDate, durationMinutes: Number(form.elements.durationMinutes.value), topics: checked('topics') };
    var equipment = checked('equipment');
    if (equipment.length) body.equipment = equipment;
    if (!body.topics.length) return { error: words.topics };
    if (type === 'individuel') {
      var gender = checked('gender')[0];
      if (gender) body.gender = gender;
      if (form.elements.birthYear.value) body.birthYear = Number(form.elements.birthYear.value);
    } else {
      var total = Number(form.elements.attendance.value);
      if (!total) return { error: words.attendance };
      body.anonymous = { total: total };
      if (form.elements.workshopTitle.value.trim()) body.workshopTitle = form.elements.workshopTitle.value.trim();
      if (form.elements.workshopLevel.value) body.workshopLevel = form.elements.workshopLevel.value;
    }
    return { body: body };
  }

  function line(e) {
    var li = document.createElement('li');
    var what = document.createElement('span');
    what.textContent = (words[e.body.type] || e.body.type) + ' · ' + e.body.durationMinutes + ' min' + (e.body.anonymous ? ' · ' + e.body.anonymous.total : '');
    li.appendChild(what);
    li.setAttribute('data-id', e.id);
    if (e.state === 'refused') {
      var why = document.createElement('span');
      why.className = 'field-error';
      why.textContent = words.refused + e.reason;
      li.appendChild(why);
      var drop = document.createElement('button');
      drop.type = 'button';
      drop.className = 'secondary';
      drop.textContent = words.drop;
      drop.addEventListener('click', function () {
        remove(e.id).then(render);
      });
      li.appendChild(drop);
    }
    return li;
  }

  function render() {
    return entries().then(function (all) {
      var waiting = all.filter(function (e) {
        return e.state !== 'sent';
      });
      var sent = all.filter(function (e) {
        return e.state === 'sent';
      });
      var list = document.getElementById('outreach-pending');
      list.textContent = '';
      waiting.forEach(function (e) {
        list.appendChild(line(e));
      });
      var done = document.getElementById('outreach-sent');
      done.textContent = '';
      sent.slice(-20).forEach(function (e) {
        done.appendChild(line(e));
      });
      document.getElementById('outreach-pending-count').textContent = String(waiting.length);
      document.getElementById('outreach-sent-count').textContent = String(sent.length);
      return waiting.length;
    });
  }

  function messageOf(text) {
    try {
      var data = JSON.parse(text);
      return Array.isArray(data.message) ? data.message.join(' ; ') : String(data.message || '');
    } catch (err) {
      return '';
    }
  }

  /* Sends the waiting entries one after another; one run at a time. */
  var running = null;
  function flush() {
    if (running) return running;
    running = entries()
      .then(function (all) {
        var waiting = all.filter(function (e) {
          return e.state === 'pending';
        });
        var chain = Promise.resolve(true);
        waiting.forEach(function (e) {
          chain = chain.then(function (go) {
            if (!go) return false;
            return send(e);
          });
        });
        return chain;
      })
      .then(render)
      .then(function (left) {
        if (!left) say(words.sentOk, true);
      })
      .catch(function () {
        return render().then(function (n) {
          say(words.offline.replace('{n}', n), false);
        });
      })
      .then(function () {
        running = null;
      });
    return running;
  }

  /* true: go on with the next one; false: stop (no network, no session, server trouble). */
  function send(e) {
    return fetch('/api/outreach/stops/' + stopId + '/activities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      credentials: 'same-origin',
      body: JSON.stringify(e.body),
    }).then(function (res) {
      return res.text().then(function (text) {
        if (res.status === 200 || res.status === 201) {
          e.state = 'sent';
          e.sentAt = Date.now();
          return put(e).then(function () {
            return true;
          });
        }
        if (res.status === 400 || res.status === 404 || res.status === 409) {
          e.state = 'refused';
          e.reason = messageOf(text) || String(res.status);
          return put(e).then(function () {
            return true;
          });
        }
        say(res.status === 401 || res.status === 403 ? words.login : words.server, false);
        return false;
      });
    });
  }

  function reset() {
    form.reset();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var got = collect();
    if (got.error) return say(got.error, false);
    var id = newId();
    got.body.id = id;
    put({ id: id, stopId: stopId, body: got.body, state: 'pending', savedAt: Date.now() })
      .then(function () {
        reset();
        say(words.kept, true);
        return render();
      })
      .then(flush)
      .catch(function () {
        say(words.noStorage, false);
      });
  });

  document.getElementById('outreach-send').addEventListener('click', flush);
  window.addEventListener('online', flush);
  setInterval(flush, 20000);

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/outreach/sw.js', { scope: '/outreach/' }).catch(function () {});
  /* This page and what it needs, kept for a reload with no network (the service worker serves them). */
  if (navigator.onLine && window.caches) {
    var here = location.origin + location.pathname;
    var keep = [here].concat(
      Array.prototype.map.call(document.querySelectorAll('script[src], link[rel="stylesheet"], link[rel="icon"]'), function (el) {
        return el.src || el.href;
      }),
    );
    caches
      .open('outreach-pages-v1')
      .then(function (cache) {
        return cache.addAll(keep);
      })
      .catch(function () {});
  }
  render().then(flush);
})();
