/* The managers' wall screen (/dashboard). Painted at once from the snapshot in the page, then kept
   current by socket.io /live with view "dashboard": a fresh snapshot on every (re)connect, then
   batches (at most two a second). A tile's DOM is built once; later changes only touch its text
   and attributes, so a busy lab's telemetry does not rebuild the page. No inline script (CSP). */
(function () {
  'use strict';
  var island = document.getElementById('dashboard-data');
  if (!island) return;
  var data = JSON.parse(island.textContent);
  var words = data.words;
  var canAct = !!data.canAct;
  var FEED_MAX = 30;
  var ACTIONS_MAX = 20;
  var locale = data.lang === 'en' ? 'en-GB' : 'fr-FR';
  var hhmm = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: data.zone || undefined });
  var REOPEN = ['maintenance', 'disabled', 'to_check'];
  var BUSY = ['in_use', 'to_check', 'reserved'];
  var WORKING = ['running', 'paused'];
  var bands = data.bands || [];

  var state = { siteId: data.siteId, siteName: '', at: null, tiles: [], byId: {}, feed: [], alerts: [], actions: [] };
  var views = {};
  /* Alerts acknowledged from this screen: hidden even if a batch made just before the ack lists them. */
  var acked = {};

  var $ = function (id) {
    return document.getElementById(id);
  };
  var tilesEl = $('tiles');
  var feedEl = $('feed');
  var alertsEl = $('alerts');
  var actionsEl = $('actions');

  /* ---------- small helpers ---------- */

  function w(key, vars) {
    var text = words[key] || key;
    if (vars)
      text = text.replace(/\{(\w+)\}/g, function (m, k) {
        return k in vars ? vars[k] : m;
      });
    return text;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  function setText(node, text) {
    text = text || '';
    if (node.textContent !== text) node.textContent = text;
  }
  function setAttr(node, name, value) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }
  function show(node, visible) {
    if (node.hidden === visible) node.hidden = !visible;
  }
  var iconBox = $('dash-icons');
  function icon(name) {
    var found = iconBox && iconBox.content.querySelector('[data-icon="' + name + '"] svg');
    return found ? found.cloneNode(true) : document.createTextNode('');
  }
  function swapIcon(holder, name) {
    if (holder.getAttribute('data-icon') === name) return;
    holder.setAttribute('data-icon', name);
    holder.replaceChildren(icon(name));
  }
  function timeOf(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? '' : hhmm.format(d);
  }
  /* « il y a 3 min », recomputed by the ticker so an idle screen stays true. */
  function ago(iso) {
    var ms = Date.now() - Date.parse(iso);
    if (isNaN(ms)) return '';
    var min = Math.floor(Math.max(0, ms) / 60000);
    if (min < 1) return w('dash.ago.now');
    if (min < 60) return w('dash.ago.min', { n: min });
    var h = Math.floor(min / 60);
    if (h < 24) return w('dash.ago.hour', { h: h, m: (min % 60 < 10 ? '0' : '') + (min % 60) });
    return w('dash.ago.day', { n: Math.floor(h / 24) });
  }
  function sinceText(iso) {
    return w('dash.holderSince', { time: timeOf(iso), ago: ago(iso) });
  }
  function round(n) {
    return Math.round(Number(n));
  }

  /* ---------- what a tile says ---------- */

  function tempName(key) {
    return words['sensor.' + key] || key;
  }
  function tempsText(temps) {
    if (!temps) return '';
    return Object.keys(temps)
      .map(function (k) {
        var t = temps[k] || {};
        var target = typeof t.target === 'number' && t.target > 0 ? ' / ' + round(t.target) : '';
        return tempName(k) + ' ' + round(t.actual) + target + ' °C';
      })
      .join(' · ');
  }
  function reasonText(tile) {
    // Free or in use needs no explanation (and "by Martine" alone would puzzle).
    if (tile.status === 'free' || tile.status === 'in_use') return '';
    var by = tile.statusSetBy ? w('dash.setBy', { name: tile.statusSetBy }) : '';
    // An alarm's reason is its own line on the tile (data-role=alarm): not said twice.
    var reason = tile.alarm && tile.status === 'to_check' && !by ? '' : tile.statusReason;
    return [reason, by].filter(Boolean).join(' · ');
  }
  function bridgeText(tile) {
    if (tile.bridgeOnline === null || tile.bridgeOnline === undefined) return w('bridge.none');
    if (tile.bridgeOnline === false) return w('dash.bridge.down');
    return w('bridge.label') + ' : ' + w('bridge.online') + (tile.bridgeState ? ' · ' + w('bridge.' + tile.bridgeState) : '');
  }
  function plugText(tile) {
    if (tile.plugOnline === null || tile.plugOnline === undefined) return '';
    if (tile.plugOnline === false) return w('dash.plug.down');
    return w('dash.plug') + ' : ' + w(tile.plugOn ? 'dash.plug.on' : 'dash.plug.off');
  }
  /* An alarm code in words (machine-words.ts alarmWord); a code the page has no word for is left out: its message says it. */
  function alarmWord(code) {
    var text = String(code == null ? '' : code);
    var grbl = /^(?:grbl_alarm_|ALARM:)(\d+)$/.exec(text);
    if (grbl) return w('alarm.grbl_alarm', { n: grbl[1] });
    return words['alarm.' + text] || '';
  }
  function alarmText(alarm) {
    if (!alarm) return '';
    return (
      w('alarm') +
      ' : ' +
      [alarmWord(alarm.code), alarm.message]
        .filter(function (x, i, all) {
          return x && all.indexOf(x) === i;
        })
        .join(' — ') +
      (alarm.at ? ' · ' + timeOf(alarm.at) : '')
    );
  }
  /* The bridge's telemetry is fresher than the job's record (and covers prints started from the SD card). */
  function progressOf(tile) {
    if (tile.job && typeof tile.job.progress === 'number') return typeof tile.progress === 'number' ? tile.progress : tile.job.progress;
    if (typeof tile.progress !== 'number') return null;
    // As the server's currentProgress (wall-layout.ts): a free machine's last telemetry is the old state's.
    var busy = BUSY.indexOf(tile.status) >= 0 || WORKING.indexOf(tile.bridgeState) >= 0;
    return tile.job || busy ? tile.progress : null;
  }
  /* A machine whose bridge is unreachable counts as offline, whatever its last known status. */
  function countKey(tile) {
    if (tile.status === 'offline' || tile.bridgeOnline === false) return 'offline';
    return tile.status;
  }

  /* ---------- tiles: built once, then painted ---------- */

  function line(className, role) {
    var node = el('div', className);
    node.setAttribute('data-role', role);
    return node;
  }

  function buildTile(tile) {
    var v = { machineId: tile.machineId };
    var li = (v.li = el('li', 'tile dash-tile'));
    li.id = 'tile-' + tile.machineId;
    li.setAttribute('data-machine-id', tile.machineId);

    var head = el('div', 'tile-head');
    v.typeIcon = el('span', 'tile-icon');
    head.appendChild(v.typeIcon);
    v.name = el('h3', 'tile-name');
    head.appendChild(v.name);
    li.appendChild(head);

    var statusRow = el('div', 'tile-status-row');
    v.status = el('span', 'pill tile-status');
    v.status.setAttribute('data-role', 'status');
    v.statusIcon = el('span', 'pill-icon');
    v.statusText = el('span');
    v.status.appendChild(v.statusIcon);
    v.status.appendChild(v.statusText);
    statusRow.appendChild(v.status);
    v.reason = el('span', 'tile-reason');
    v.reason.setAttribute('data-role', 'reason');
    statusRow.appendChild(v.reason);
    li.appendChild(statusRow);

    v.alarm = line('tile-alarm loud', 'alarm');
    v.alarm.appendChild(icon('state-alert'));
    v.alarmText = el('span');
    v.alarm.appendChild(v.alarmText);
    li.appendChild(v.alarm);

    v.holder = line('tile-holder', 'holder');
    v.holderName = el('span', 'holder-name');
    v.holderSince = el('span', 'holder-since');
    v.holder.appendChild(v.holderName);
    v.holder.appendChild(v.holderSince);
    li.appendChild(v.holder);

    v.job = line('tile-job', 'job');
    v.jobName = el('span', 'job-name');
    v.bar = el('progress');
    v.bar.max = 100;
    v.pct = el('span', 'job-pct');
    v.job.appendChild(v.jobName);
    v.job.appendChild(v.bar);
    v.job.appendChild(v.pct);
    li.appendChild(v.job);

    v.temps = line('tile-temps', 'temps');
    li.appendChild(v.temps);
    v.power = line('tile-power', 'power');
    li.appendChild(v.power);
    v.activity = line('tile-activity', 'activity');
    li.appendChild(v.activity);

    v.bridge = line('tile-bridge', 'bridge');
    v.bridgeIcon = el('span', 'line-icon');
    v.bridgeText = el('span');
    v.bridge.appendChild(v.bridgeIcon);
    v.bridge.appendChild(v.bridgeText);
    li.appendChild(v.bridge);
    v.plug = line('tile-bridge', 'plug');
    v.plugIcon = el('span', 'line-icon');
    v.plugText = el('span');
    v.plug.appendChild(v.plugIcon);
    v.plug.appendChild(v.plugText);
    li.appendChild(v.plug);

    if (canAct) buildMenu(v);
    v.message = el('p', 'tile-message');
    v.message.setAttribute('role', 'status');
    v.message.setAttribute('data-role', 'message');
    li.appendChild(v.message);
    return v;
  }

  function actButton(v, act, label) {
    var b = el('button', 'secondary', w(label));
    b.type = 'button';
    b.setAttribute('data-act', act);
    v.buttons[act] = b;
    return b;
  }

  /* Lock, end and maintenance ask first (with a reason) in a small form in the tile; release does not. */
  function buildMenu(v) {
    v.buttons = {};
    var menu = (v.menu = el('details', 'tile-menu'));
    menu.appendChild(el('summary', '', w('dash.menu')));
    var row = el('div', 'tile-menu-buttons');
    row.appendChild(actButton(v, 'lock', 'dash.act.lock'));
    row.appendChild(actButton(v, 'end', 'dash.act.end'));
    row.appendChild(actButton(v, 'maintenance', 'dash.act.maintenance'));
    row.appendChild(actButton(v, 'release', 'dash.act.release'));
    menu.appendChild(row);

    var form = (v.form = el('form', 'tile-form'));
    form.hidden = true;
    form.noValidate = true;
    v.note = el('p', 'tile-form-note');
    form.appendChild(v.note);
    var id = 'reason-' + v.machineId;
    v.reasonLabel = el('label');
    v.reasonLabel.htmlFor = id;
    form.appendChild(v.reasonLabel);
    v.reasonInput = el('input');
    v.reasonInput.id = id;
    v.reasonInput.name = 'reason';
    v.reasonInput.maxLength = 300;
    v.reasonInput.autocomplete = 'off';
    form.appendChild(v.reasonInput);
    var buttons = el('div', 'tile-form-buttons');
    v.confirm = el('button');
    v.confirm.type = 'submit';
    buttons.appendChild(v.confirm);
    var cancel = el('button', 'secondary', w('dash.cancel'));
    cancel.type = 'button';
    cancel.setAttribute('data-act', 'cancel');
    buttons.appendChild(cancel);
    form.appendChild(buttons);
    menu.appendChild(form);
    v.li.appendChild(menu);
  }

  function paintTile(v, tile) {
    var li = v.li;
    setAttr(li, 'data-status', tile.status);
    setAttr(li, 'data-bridge-online', tile.bridgeOnline === null || tile.bridgeOnline === undefined ? '' : String(tile.bridgeOnline));
    swapIcon(v.typeIcon, 'type-' + (tile.type || 'other'));
    setText(v.name, tile.name);

    setAttr(v.status, 'class', 'pill tile-status s-' + tile.status);
    swapIcon(v.statusIcon, 'state-' + tile.status);
    setText(v.statusText, w('status.' + tile.status));
    setText(v.reason, reasonText(tile));

    setText(v.alarmText, alarmText(tile.alarm));
    show(v.alarm, !!tile.alarm);

    setText(v.holderName, tile.holder ? w('holder.on', { name: tile.holder.displayName }) : '');
    setText(v.holderSince, tile.holder ? sinceText(tile.holder.since) : '');
    show(v.holder, !!tile.holder);

    var progress = progressOf(tile);
    var lost = tile.job && (tile.job.status === 'bridge_lost' || tile.job.status === 'paused') ? ' — ' + w('dash.job.' + tile.job.status) : '';
    setText(v.jobName, tile.job ? tile.job.fileName + lost : '');
    show(v.bar, progress !== null);
    show(v.pct, progress !== null);
    if (progress !== null) {
      var n = Math.max(0, Math.min(100, Math.round(progress * 100)));
      if (v.bar.value !== n) v.bar.value = n;
      setText(v.pct, w('dash.progress', { n: n }));
      setAttr(v.bar, 'aria-label', w('telemetry.progress', { n: n }));
    }
    show(v.job, !!tile.job || progress !== null);

    setText(v.temps, tempsText(tile.temps));
    show(v.temps, !!tile.temps && Object.keys(tile.temps).length > 0);
    setText(v.power, typeof tile.powerW === 'number' ? w('telemetry.power', { n: round(tile.powerW) }) : '');
    show(v.power, typeof tile.powerW === 'number');
    paintActivity(v, tile);

    var bridgeDown = tile.bridgeOnline === false;
    setText(v.bridgeText, bridgeText(tile));
    setAttr(v.bridge, 'class', 'tile-bridge' + (bridgeDown ? ' loud' : ''));
    swapIcon(v.bridgeIcon, bridgeDown ? 'state-offline' : 'none');
    var plugDown = tile.plugOnline === false;
    setText(v.plugText, plugText(tile));
    setAttr(v.plug, 'class', 'tile-bridge' + (plugDown ? ' loud' : ''));
    swapIcon(v.plugIcon, plugDown ? 'state-offline' : 'none');
    show(v.plug, tile.plugOnline !== null && tile.plugOnline !== undefined);

    if (v.menu) paintMenu(v, tile);
  }

  function paintActivity(v, tile) {
    setText(v.activity, tile.lastActivityAt ? w('dash.activity', { ago: ago(tile.lastActivityAt) }) : w('dash.activityNone'));
  }

  function paintMenu(v, tile) {
    show(v.buttons.lock, tile.status !== 'disabled');
    show(v.buttons.end, !!tile.holder);
    show(v.buttons.maintenance, tile.status !== 'maintenance');
    show(v.buttons.release, REOPEN.indexOf(tile.status) >= 0);
    // An open form whose action no longer applies (someone else acted) closes by itself.
    if (!v.form.hidden && v.pending && v.buttons[v.pending].hidden) closeForm(v);
  }

  /* Status or holder changed: a short flash draws the eye across the room. */
  function flash(li) {
    li.classList.remove('flash');
    void li.offsetWidth;
    li.classList.add('flash');
  }

  function putTile(tile, index) {
    var v = views[tile.machineId] || (views[tile.machineId] = buildTile(tile));
    paintTile(v, tile);
    // Only move a tile that is out of place: moving a node would drop the focus inside it.
    if (tilesEl.children[index] !== v.li) tilesEl.insertBefore(v.li, tilesEl.children[index] || null);
  }

  /* ---------- feed, alerts, actions ---------- */

  function feedItem(f) {
    var granted = f.decision === 'granted';
    var li = el('li', granted ? 'granted' : 'denied');
    var time = el('time', '', timeOf(f.at));
    time.dateTime = f.at;
    li.appendChild(time);
    var what = el('span', 'what');
    what.appendChild(icon(granted ? 'state-granted' : 'state-denied'));
    what.appendChild(document.createTextNode(' ' + w(granted ? 'decision.granted' : 'decision.denied') + ' — ' + f.machineName));
    if (f.offline) what.appendChild(el('span', 'offline-mark', w('dash.offlineMark')));
    li.appendChild(what);
    li.appendChild(el('span', 'msg', [f.displayName, f.message].filter(Boolean).join(' · ')));
    return li;
  }

  function actionItem(a) {
    var li = el('li', 'action');
    var time = el('time', '', timeOf(a.at));
    time.dateTime = a.at;
    li.appendChild(time);
    var verb = words['dash.action.' + a.action] || a.action;
    li.appendChild(el('span', 'what', [a.personName, verb, a.machineName].filter(Boolean).join(' ')));
    li.appendChild(el('span', 'msg', a.reason || ''));
    return li;
  }

  function prepend(list, node, max) {
    list.insertBefore(node, list.firstChild);
    while (list.children.length > max) list.removeChild(list.lastChild);
  }

  function alertSeverity(kind) {
    return kind === 'unattended' || kind === 'maintenance_due' ? 'warn' : 'urgent';
  }

  function buildAlert(a) {
    var li = el('li', 'alert sev-' + alertSeverity(a.kind) + ' k-' + a.kind);
    li.setAttribute('data-key', a.key);
    li.setAttribute('data-kind', a.kind);
    var head = el('div', 'alert-head');
    head.appendChild(icon('state-alert'));
    head.appendChild(el('strong', 'kind', w('dash.alert.' + a.kind)));
    head.appendChild(el('span', 'machine'));
    li.appendChild(head);
    li.appendChild(el('span', 'msg'));
    li.appendChild(el('time', 'since'));
    if (canAct) {
      var b = el('button', 'ack', w('dash.ack'));
      b.type = 'button';
      b.setAttribute('data-ack', a.key);
      li.appendChild(b);
      li.appendChild(el('p', 'alert-message'));
    }
    return li;
  }

  function paintAlert(li, a) {
    var machines = a.machines && a.machines.length ? w('dash.alert.machines', { names: a.machines.join(', ') }) : '';
    var subject = a.machineName || [a.bridgeSlug, machines].filter(Boolean).join(' · ');
    setText(li.querySelector('.machine'), subject ? ' — ' + subject : '');
    // A bridge's message is the list of its machines, already said above.
    // A silent bridge: why it matters, since its status still says online.
    var msg = a.kind === 'bridge_offline' ? '' : a.kind === 'bridge_silent' ? w('dash.alert.silentWhy', { ago: ago(a.since) }) : a.message;
    setText(li.querySelector('.msg'), msg);
    var since = li.querySelector('.since');
    setAttr(since, 'datetime', a.since);
    setText(since, sinceText(a.since));
  }

  /* The list is replaced as a whole; items of the same key keep their node (and the focus). */
  function setAlerts(alerts) {
    state.alerts = alerts.filter(function (a) {
      return !acked[a.key];
    });
    var old = {};
    Array.prototype.forEach.call(alertsEl.children, function (li) {
      old[li.getAttribute('data-key')] = li;
    });
    state.alerts.forEach(function (a, i) {
      var li = old[a.key] || buildAlert(a);
      delete old[a.key];
      paintAlert(li, a);
      if (alertsEl.children[i] !== li) alertsEl.insertBefore(li, alertsEl.children[i] || null);
    });
    Object.keys(old).forEach(function (k) {
      alertsEl.removeChild(old[k]);
    });
    var n = state.alerts.length;
    show($('alerts-none'), n === 0);
    setAttr($('alerts-panel'), 'data-count', String(n));
    var title = $('alerts-title');
    if (!title.hasAttribute('data-base')) title.setAttribute('data-base', title.textContent);
    setText(title, title.getAttribute('data-base') + (n ? ' (' + n + ')' : ''));
  }

  function paintCounters() {
    // One counter per status the page drew (every status: none is left out).
    var counts = {};
    state.tiles.forEach(function (tile) {
      var k = countKey(tile);
      counts[k] = (counts[k] || 0) + 1;
    });
    Array.prototype.forEach.call(document.querySelectorAll('#counts [data-count]'), function (li) {
      setText(li.querySelector('[data-role="n"]'), String(counts[li.getAttribute('data-count')] || 0));
    });
  }

  function paintEmpty() {
    show($('tiles-none'), state.tiles.length === 0);
    show($('feed-empty'), feedEl.children.length === 0);
    show($('actions-empty'), actionsEl.children.length === 0);
    paintBand();
  }

  /* The grid's size class follows the number of machines (the table comes from wall-layout.ts):
     the whole lab fits a 1920×1080 screen. A class, not a style: the CSP forbids inline styles. */
  function paintBand() {
    var n = state.tiles.length;
    var band = null;
    for (var i = 0; i < bands.length && !band; i++) if (n <= bands[i].max) band = bands[i];
    var wanted = band ? 'dash-band-' + band.max : 'dash-band-more';
    if (tilesEl.classList.contains(wanted)) return;
    Array.prototype.slice.call(tilesEl.classList).forEach(function (c) {
      if (c.indexOf('dash-band-') === 0) tilesEl.classList.remove(c);
    });
    tilesEl.classList.add(wanted);
  }

  /* ---------- snapshot and batches ---------- */

  function applySnapshot(s) {
    state.siteName = s.siteName;
    state.at = s.at;
    state.tiles = s.tiles.map(function (t) {
      return Object.assign({}, t);
    });
    state.byId = {};
    var keep = {};
    state.tiles.forEach(function (tile, i) {
      state.byId[tile.machineId] = tile;
      keep[tile.machineId] = true;
      putTile(tile, i);
    });
    Object.keys(views).forEach(function (id) {
      if (keep[id]) return;
      views[id].li.remove();
      delete views[id];
    });
    state.feed = s.feed.slice(0, FEED_MAX);
    feedEl.replaceChildren.apply(feedEl, state.feed.map(feedItem));
    state.actions = s.actions.slice(0, ACTIONS_MAX);
    actionsEl.replaceChildren.apply(actionsEl, state.actions.map(actionItem));
    setAlerts(s.alerts);
    paintCounters();
    paintEmpty();
  }

  /* The badge request's id: one per decision. */
  function feedKey(f) {
    return f.id;
  }

  function holderOf(tile) {
    return tile.holder ? tile.holder.sessionId : null;
  }

  function applyBatch(b) {
    var unknown = false;
    (b.tiles || []).forEach(function (patch) {
      var tile = state.byId[patch.machineId];
      if (!tile) {
        unknown = true;
        return;
      }
      var before = tile.status + '|' + holderOf(tile);
      // A new status: the old state's lines (holder, job, progress) go, unless the patch brings them again.
      if (patch.status && patch.status !== tile.status) Object.assign(tile, { holder: null, job: null, progress: null });
      Object.assign(tile, patch);
      paintTile(views[tile.machineId], tile);
      if (before !== tile.status + '|' + holderOf(tile)) flash(views[tile.machineId].li);
    });
    // A batch flushed just after a reconnect may repeat what the snapshot already had.
    (b.feed || []).forEach(function (f) {
      if (
        state.feed.some(function (x) {
          return feedKey(x) === feedKey(f);
        })
      )
        return;
      state.feed.unshift(f);
      prepend(feedEl, feedItem(f), FEED_MAX);
    });
    state.feed.length = Math.min(state.feed.length, FEED_MAX);
    if (b.alerts) setAlerts(b.alerts);
    (b.actions || []).forEach(function (a) {
      if (
        state.actions.some(function (x) {
          return x.id === a.id;
        })
      )
        return;
      state.actions.unshift(a);
      prepend(actionsEl, actionItem(a), ACTIONS_MAX);
    });
    state.actions.length = Math.min(state.actions.length, ACTIONS_MAX);
    state.at = b.at;
    paintCounters();
    paintEmpty();
    if (unknown) resync();
  }

  /* A machine we do not know (added since the snapshot): reconnecting brings a full snapshot. */
  var lastResync = 0;
  function resync() {
    if (!socket || Date.now() - lastResync < 30000) return;
    lastResync = Date.now();
    socket.disconnect();
    socket.connect();
  }

  /* ---------- manager actions ---------- */

  var ACTS = {
    lock: { path: 'lock', confirm: 'dash.confirm.lock', done: 'dash.done.lock' },
    end: { path: 'end-session', confirm: 'dash.confirm.end', done: 'dash.done.end' },
    maintenance: { path: 'maintenance', confirm: 'dash.confirm.maintenance', done: 'dash.done.maintenance', reasonRequired: true },
    release: { path: 'release', done: 'dash.done.release' },
  };

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(
      function (res) {
        return res.text().then(function (text) {
          var json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch (e) {
            json = null;
          }
          if (!res.ok) {
            var m = json && json.message;
            throw new Error(Array.isArray(m) ? m.join(' ; ') : (typeof m === 'string' && m) || w('dash.error'));
          }
          return json;
        });
      },
      function () {
        throw new Error(w('dash.unreachable'));
      },
    );
  }

  var messageTimers = {};
  function say(v, text, ok) {
    v.message.textContent = text;
    v.message.className = 'tile-message ' + (ok ? 'ok' : 'error');
    clearTimeout(messageTimers[v.machineId]);
    // Confirmations fade after a while; errors stay until the next try.
    if (ok)
      messageTimers[v.machineId] = setTimeout(function () {
        v.message.textContent = '';
        v.message.className = 'tile-message';
      }, 8000);
  }

  function openForm(v, act) {
    var tile = state.byId[v.machineId];
    var spec = ACTS[act];
    v.pending = act;
    v.form.hidden = false;
    setText(v.reasonLabel, w(spec.reasonRequired ? 'dash.reasonRequired' : 'dash.reasonOptional'));
    v.reasonInput.required = !!spec.reasonRequired;
    v.reasonInput.minLength = spec.reasonRequired ? 2 : 0;
    setText(v.confirm, w(spec.confirm));
    setText(v.note, tile && tile.holder ? w('dash.endsSession', { name: tile.holder.displayName }) : '');
    show(v.note, !!(tile && tile.holder));
    v.reasonInput.focus();
  }

  function closeForm(v) {
    v.pending = null;
    v.form.hidden = true;
    v.form.reset();
  }

  function runAction(v, act, reason) {
    var spec = ACTS[act];
    var body = reason ? { reason: reason } : {};
    var buttons = v.menu.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    say(v, w('dash.sending'), true);
    return post('/api/dashboard/machines/' + encodeURIComponent(v.machineId) + '/' + spec.path, body)
      .then(function (tile) {
        // The answer is the tile as it is now: show it without waiting for the next batch.
        var known = state.byId[v.machineId];
        if (known && tile && tile.machineId === v.machineId) {
          Object.assign(known, tile);
          paintTile(v, known);
          paintCounters();
        }
        closeForm(v);
        v.menu.open = false;
        say(v, w(spec.done), true);
      })
      .catch(function (err) {
        say(v, err.message, false);
      })
      .then(function () {
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = false;
        });
      });
  }

  function viewOf(node) {
    var li = node.closest('.tile');
    return li ? views[li.getAttribute('data-machine-id')] : null;
  }

  function onTileClick(event) {
    var button = event.target.closest('button[data-act]');
    var v = button && viewOf(button);
    if (!v) return;
    var act = button.getAttribute('data-act');
    if (act === 'cancel') return closeForm(v);
    if (act === 'release') return runAction(v, act, '');
    openForm(v, act);
  }

  function onTileSubmit(event) {
    var v = viewOf(event.target);
    if (!v || !v.pending) return;
    event.preventDefault();
    var reason = v.reasonInput.value.trim();
    if (ACTS[v.pending].reasonRequired && reason.length < 2) {
      say(v, w('dash.reasonNeeded'), false);
      v.reasonInput.focus();
      return;
    }
    runAction(v, v.pending, reason);
  }

  function onAck(event) {
    var button = event.target.closest('button[data-ack]');
    if (!button) return;
    var key = button.getAttribute('data-ack');
    var li = button.closest('li');
    var box = li.querySelector('.alert-message');
    button.disabled = true;
    post('/api/dashboard/alerts/ack', { key: key })
      .then(function () {
        acked[key] = true;
        setAlerts(state.alerts);
        var done = $('alerts-done');
        done.textContent = w('dash.acked');
        setTimeout(function () {
          done.textContent = '';
        }, 6000);
      })
      .catch(function (err) {
        button.disabled = false;
        box.textContent = err.message;
      });
  }

  if (canAct) {
    tilesEl.addEventListener('click', onTileClick);
    tilesEl.addEventListener('submit', onTileSubmit);
    alertsEl.addEventListener('click', onAck);
  }

  /* ---------- connection, clock, relative times ---------- */

  var liveEl = $('live-state');
  function showLive(s) {
    setAttr(liveEl, 'data-state', s);
    setText(liveEl, w(s === 'live' ? 'live.on' : s === 'offline' ? 'live.off' : 'live.connecting'));
    setAttr(document.body, 'data-live', s);
  }

  var clock = $('clock');
  function tick() {
    if (clock) setText(clock, hhmm.format(new Date()));
  }
  function refreshTimes() {
    state.tiles.forEach(function (tile) {
      var v = views[tile.machineId];
      paintActivity(v, tile);
      if (tile.holder) setText(v.holderSince, sinceText(tile.holder.since));
    });
    state.alerts.forEach(function (a) {
      var li = alertsEl.querySelector('li[data-key="' + CSS.escape(a.key) + '"]');
      if (li) paintAlert(li, a);
    });
  }
  setInterval(tick, 5000);
  setInterval(refreshTimes, 15000);

  applySnapshot(data.snapshot);
  showLive('connecting');

  var socket = null;
  if (typeof io === 'function') {
    socket = io('/live', { withCredentials: true, auth: { view: 'dashboard', siteId: data.siteId } });
    // "Live" once the snapshot is in: until then the screen may be behind.
    socket.on('connect', function () {
      showLive('connecting');
    });
    socket.on('dashboard.snapshot', function (s) {
      if (s.siteId !== state.siteId) return;
      applySnapshot(s);
      showLive('live');
    });
    socket.on('dashboard.batch', function (b) {
      if (b.siteId === state.siteId) applyBatch(b);
    });
    socket.on('disconnect', function () {
      showLive('offline');
    });
    // The server could not make the snapshot (site gone, site not given): say it in its words.
    socket.on('live.error', function (e) {
      showLive('offline');
      if (e && e.message) setText(liveEl, e.message);
    });
    socket.on('connect_error', function (err) {
      showLive('offline');
      // Session gone (logged out elsewhere, expired): reloading leads to the login page.
      if (err && err.message === 'unauthorized')
        setTimeout(function () {
          window.location.reload();
        }, 15000);
    });
  } else {
    showLive('offline');
  }

  window.fablabDashboard = { socket: socket, state: state, resync: resync };
})();
