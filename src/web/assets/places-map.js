/* Draws the public map of places (/lieux) with Leaflet, served by this site from node_modules.
   The places come from the page's data island #places-data; the plain list below the map holds the
   same places and works without this script. Each marker's popup names the place and links to its
   entry in the list (text set with textContent, never as HTML). Tiles: OpenStreetMap. */
(function () {
  'use strict';
  var island = document.getElementById('places-data');
  var box = document.getElementById('places-map');
  if (!island || !box || typeof L === 'undefined') return;
  var data = JSON.parse(island.textContent);
  if (!data.places || !data.places.length) return;
  box.classList.add('is-live');
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(data.tiles, {
    maxZoom: 19,
    attribution: '<a href="https://www.openstreetmap.org/copyright">' + data.attribution.replace(/</g, '&lt;') + '</a>',
  }).addTo(map);
  var points = [];
  data.places.forEach(function (p) {
    var at = [p.lat, p.lon];
    points.push(at);
    var popup = document.createElement('div');
    var link = document.createElement('a');
    link.href = '#lieu-' + p.id;
    link.textContent = p.name;
    popup.appendChild(link);
    if (p.commune) {
      popup.appendChild(document.createElement('br'));
      popup.appendChild(document.createTextNode(p.commune));
    }
    L.circleMarker(at, { radius: 9, weight: 2, className: 'place-marker' }).bindPopup(popup).addTo(map);
  });
  if (points.length === 1) map.setView(points[0], 14);
  else map.fitBounds(points, { padding: [30, 30], maxZoom: 14 });
})();
