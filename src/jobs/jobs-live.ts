/** The browser script of /jobs and /jobs/queue, served at /jobs/live.js (kept in TypeScript so the build ships it). */
export const JOBS_LIVE_SCRIPT = String.raw`/* Live status on /jobs and /jobs/queue: socket.io namespace /live, event "job.update" (staff);
   makers may not join /live, so their page asks /api/jobs/mine every few seconds instead.
   Progress is updated in place; a change of status or place reloads the page. */
(function () {
  'use strict';
  var root = document.querySelector('[data-jobs-live]');
  if (!root) return;
  var all = root.getAttribute('data-jobs-live') === 'all';
  var timer = null;
  function reloadSoon() {
    if (timer) return;
    timer = setTimeout(function () { location.reload(); }, 800);
  }
  // Events sent before the socket joined (a fast analysis) would be missed: compare once connected.
  function catchUp() {
    var url = all ? '/api/jobs/queue' : '/api/jobs/mine';
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var jobs = all ? [].concat.apply([], data.map(function (m) { return m.active.concat(m.waiting); })) : data;
        var known = {};
        jobs.forEach(function (j) { known[j.id] = j.status + '|' + (j.queuePosition || ''); });
        var shown = document.querySelectorAll('[data-job]');
        if (shown.length !== jobs.length) return reloadSoon();
        for (var i = 0; i < shown.length; i++) {
          var el = shown[i];
          if (known[el.getAttribute('data-job')] !== el.getAttribute('data-status') + '|' + (el.getAttribute('data-position') || '')) return reloadSoon();
          var p = el.querySelector('[data-role="progress"]');
          var j = jobs.filter(function (x) { return x.id === el.getAttribute('data-job'); })[0];
          if (p && j) p.textContent = Math.round(j.progress * 100) + ' %';
        }
      })
      .catch(function () {});
  }
  var live = false;
  setInterval(function () { if (!live && !document.hidden) catchUp(); }, 4000);
  if (typeof io === 'undefined' || root.getAttribute('data-socket') !== '1') return catchUp();
  var socket = io('/live', { withCredentials: true });
  socket.on('connect', function () { live = true; catchUp(); });
  socket.on('disconnect', function () { live = false; });
  socket.on('connect_error', function () { live = false; });
  socket.on('job.update', function (j) {
    var el = document.querySelector('[data-job="' + CSS.escape(j.id) + '"]');
    if (!el && !all) return;
    if (el && el.getAttribute('data-status') === j.status) {
      var p = el.querySelector('[data-role="progress"]');
      if (p) p.textContent = Math.round(j.progress * 100) + ' %';
      return;
    }
    reloadSoon();
  });
})();
`;
