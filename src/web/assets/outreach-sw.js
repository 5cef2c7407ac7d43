/* Service worker of the outreach logging page (scope /outreach/). It keeps the page a mediator
   opened at a stop, and the scripts and styles it needs, so the page opens again with no network
   (a reload in a village hall without signal). Network first: with a connection the page is always
   fresh; without, the last copy is served. Nothing but GETs of those pages and of /assets/ is
   touched: the activities themselves wait in the page's IndexedDB queue (outreach-log.js). */
'use strict';
var CACHE = 'outreach-pages-v1';
var LOG_PAGE = /^\/outreach\/stops\/[0-9a-fA-F-]{36}\/log$/;

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  var page = LOG_PAGE.test(url.pathname);
  if (!page && url.pathname.indexOf('/assets/') !== 0) return;
  /* A page is kept under its path alone (?lang= does not make another copy). */
  var key = page ? url.origin + url.pathname : req;
  event.respondWith(
    fetch(req)
      .then(function (res) {
        /* A login page answered after a redirect (session over) is never kept as the stop's page. */
        if (res.ok && !res.redirected) {
          var copy = res.clone();
          caches.open(CACHE).then(function (cache) {
            return cache.put(key, copy);
          });
        }
        return res;
      })
      .catch(function () {
        return caches.match(key, { ignoreSearch: true }).then(function (hit) {
          return hit || Response.error();
        });
      }),
  );
});
