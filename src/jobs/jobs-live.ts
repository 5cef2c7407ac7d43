/** The browser script of /jobs and /jobs/queue, served at /jobs/live.js (kept in TypeScript so the build ships it). */
export const JOBS_LIVE_SCRIPT = String.raw`/* Live status on /jobs and /jobs/queue: socket.io namespace /live, event "job.update".
   Progress is updated in place; a change of status reloads the page (positions may move). */
(function () {
  'use strict';
  if (typeof io === 'undefined') return;
  var root = document.querySelector('[data-jobs-live]');
  if (!root) return;
  var all = root.getAttribute('data-jobs-live') === 'all';
  var timer = null;
  function reloadSoon() {
    if (timer) return;
    timer = setTimeout(function () { location.reload(); }, 800);
  }
  var socket = io('/live', { withCredentials: true });
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
