/* Keeps /machines current: socket.io namespace /live (the session cookie authenticates).
   Tiles are found by data-machine-id; the feed keeps the latest 20 decisions. After a
   reconnect, the tiles and feed are fetched again as HTML (events may have been missed). */
(function () {
  'use strict';
  var island = document.getElementById('live-data');
  if (!island || typeof io === 'undefined') return;
  var data = JSON.parse(island.textContent);
  var words = data.words;
  var lang = data.lang;
  var FEED_MAX = 20;
  var timeFmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeStyle: 'medium', timeZone: data.zone || undefined });

  function w(key, vars) {
    var text = words[key] || key;
    if (vars)
      text = text.replace(/\{(\w+)\}/g, function (m, k) {
        return k in vars ? vars[k] : m;
      });
    return text;
  }
  function tile(machineId) {
    return machineId ? document.querySelector('.tile[data-machine-id="' + CSS.escape(machineId) + '"]') : null;
  }
  function part(t, role) {
    return t.querySelector('[data-role="' + role + '"]');
  }
  function flash(t) {
    t.classList.remove('flash');
    void t.offsetWidth;
    t.classList.add('flash');
  }
  function timeOf(at) {
    var d = at ? new Date(at) : new Date();
    return isNaN(d.getTime()) ? timeFmt.format(new Date()) : timeFmt.format(d);
  }

  function setStatus(t, status, reason) {
    t.setAttribute('data-status', status);
    var pill = part(t, 'status');
    pill.className = 'pill s-' + status + ' tile-status';
    pill.textContent = w('status.' + status);
    var r = part(t, 'reason');
    if (r) r.textContent = reason || '';
    if (status === 'free') setHolder(t, null);
  }
  function setHolder(t, name) {
    var h = part(t, 'holder');
    if (h) h.textContent = name ? w('holder.on', { name: name }) : '';
  }
  function renderBridge(t) {
    var b = part(t, 'bridge');
    if (!b) return;
    var online = b.getAttribute('data-bridge-online');
    var state = b.getAttribute('data-bridge-state');
    if (online === '') {
      b.textContent = words['bridge.none'] || '';
      return;
    }
    b.textContent = w('bridge.label') + ' : ' + w(online === 'true' ? 'bridge.online' : 'bridge.down') + (state ? ' · ' + w('bridge.' + state) : '');
  }

  function decisionLine(d) {
    return [d.displayName, d.message].filter(Boolean).join(' · ');
  }

  function onDecision(d) {
    var t = tile(d.machineId);
    if (!t) return;
    var granted = d.decision === 'granted';
    var last = part(t, 'last');
    if (last) {
      last.className = 'tile-last ' + (granted ? 'granted' : 'denied');
      last.textContent =
        timeOf(d.at) +
        ' · ' +
        w(granted ? 'decision.granted' : 'decision.denied') +
        (d.displayName ? ' · ' + d.displayName : '') +
        (d.message ? ' · ' + d.message : '');
    }
    if (granted && d.displayName) setHolder(t, d.displayName);
    flash(t);
    addFeed(d, t);
  }

  function addFeed(d, t) {
    var feed = document.getElementById('feed');
    if (!feed) return;
    var li = document.createElement('li');
    li.className = d.decision === 'granted' ? 'granted' : 'denied';
    var time = document.createElement('time');
    time.dateTime = d.at || new Date().toISOString();
    time.textContent = timeOf(d.at);
    var what = document.createElement('span');
    what.className = 'what';
    var name = d.machineName || (t && t.querySelector('.tile-name') ? t.querySelector('.tile-name').textContent : '');
    what.textContent = w(d.decision === 'granted' ? 'decision.granted' : 'decision.denied') + (d.offline ? ' ' + w('decision.offline') : '') + ' — ' + name;
    var msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = decisionLine(d);
    li.appendChild(time);
    li.appendChild(what);
    li.appendChild(msg);
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > FEED_MAX) feed.removeChild(feed.lastChild);
    var empty = document.getElementById('feed-empty');
    if (empty) empty.hidden = true;
  }

  function onLive(m) {
    var t = tile(m.machineId);
    if (!t) return;
    if ('holder' in m) setHolder(t, m.holder ? m.holder.displayName : null);
    if (m.bridgeState) {
      var b = part(t, 'bridge');
      if (b) {
        b.setAttribute('data-bridge-state', m.bridgeState);
        renderBridge(t);
      }
    }
  }

  /* An alarm code in words (machine-words.ts alarmWord); an unknown code is left to the alarm's message. */
  function alarmWord(code) {
    var text = String(code == null ? '' : code);
    var grbl = /^(?:grbl_alarm_|ALARM:)(\d+)$/.exec(text);
    if (grbl) return (words['alarm.grbl_alarm'] || '').replace('{n}', grbl[1]);
    return words['alarm.' + text] || '';
  }

  function onAlarm(a) {
    var t = tile(a.machineId);
    if (!t) return;
    var el = part(t, 'alarm');
    if (el) {
      el.hidden = false;
      var said = [alarmWord(a.code), a.message]
        .filter(function (x, i, all) {
          return x && all.indexOf(x) === i;
        })
        .join(' — ');
      el.textContent = w('alarm') + (said ? ' : ' + said : '');
    }
    flash(t);
  }

  function onBridge(b) {
    var tiles = document.querySelectorAll('.tile[data-bridge-id="' + CSS.escape(b.bridgeId) + '"]');
    Array.prototype.forEach.call(tiles, function (t) {
      var el = part(t, 'bridge');
      if (el) {
        el.setAttribute('data-bridge-online', String(!!b.online));
        renderBridge(t);
      }
    });
  }

  function onTelemetry(m) {
    var t = tile(m.machineId);
    var el = t && part(t, 'telemetry');
    if (!el || !m.telemetry) return;
    var parts = [];
    if (typeof m.telemetry.progress === 'number') parts.push(w('telemetry.progress', { n: Math.round(m.telemetry.progress * 100) }));
    if (typeof m.telemetry.powerW === 'number') parts.push(w('telemetry.power', { n: Math.round(m.telemetry.powerW) }));
    el.textContent = parts.join(' · ');
  }

  var stateEl = document.getElementById('live-state');
  function showState(state) {
    if (!stateEl) return;
    stateEl.setAttribute('data-state', state);
    stateEl.textContent = w(state === 'live' ? 'live.on' : state === 'offline' ? 'live.off' : 'live.connecting');
    document.body.setAttribute('data-live', state);
  }

  /** Missed events while offline: take the whole state again from the server. */
  function reload() {
    return fetch(data.fragmentUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (res.status === 200 && !res.redirected) return res.text();
        if (res.redirected || res.status === 401) window.location.reload();
        return null;
      })
      .then(function (htmlText) {
        if (htmlText !== null) document.getElementById('live-root').innerHTML = htmlText;
      })
      .catch(function () {
        /* next reconnect tries again */
      });
  }

  var clock = document.getElementById('clock');
  if (clock) {
    var clockFmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: data.zone || undefined });
    setInterval(function () {
      clock.textContent = clockFmt.format(new Date());
    }, 10000);
  }

  var connectedOnce = false;
  var socket = io('/live', { withCredentials: true });
  socket.on('connect', function () {
    showState('live');
    if (connectedOnce) reload();
    connectedOnce = true;
  });
  socket.on('disconnect', function () {
    showState('offline');
  });
  socket.on('connect_error', function () {
    showState('offline');
  });
  socket.on('access.decision', onDecision);
  socket.on('machine.status', function (s) {
    var t = tile(s.machineId);
    if (t) {
      setStatus(t, s.status, s.reason);
      flash(t);
    }
  });
  socket.on('machine.state', onLive);
  socket.on('machine.session', onLive);
  socket.on('session.ended', function (e) {
    var t = tile(e.machineId);
    if (t) setHolder(t, null);
  });
  socket.on('bridge.status', onBridge);
  socket.on('machine.alarm', onAlarm);
  // Every machine that reported in the last quarter second, in one message.
  socket.on('machines.telemetry', function (batch) {
    (batch.machines || []).forEach(onTelemetry);
  });
  window.fablabLive = { socket: socket, reload: reload };
})();
