/* The grouped menu (layout.ts) works without this script: each group is a <details>. With it, a
   group that opens closes the others, and a click elsewhere or Escape closes them all. */
(function () {
  'use strict';
  var groups = document.querySelectorAll('.nav .nav-group');
  function closeAll(except) {
    Array.prototype.forEach.call(groups, function (g) {
      if (g !== except) g.open = false;
    });
  }
  Array.prototype.forEach.call(groups, function (g) {
    g.addEventListener('toggle', function () {
      if (g.open) closeAll(g);
    });
  });
  document.addEventListener('click', function (e) {
    if (!e.target.closest || !e.target.closest('.nav .nav-group')) closeAll(null);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') closeAll(null);
  });
})();
