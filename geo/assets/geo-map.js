/* geo-map.js: small Leaflet helpers for the m4-geo report maps (MIT, part of m4-geo).
 *
 * Every string that reaches innerHTML here was HTML-escaped in Python before it was written
 * into the page (geo/maps.py); this file only concatenates those strings with fixed markup.
 */
(function () {
  "use strict";
  var G = (window.GeoMap = window.GeoMap || {});

  // ------------------------------------------------------------------ vector layers
  G.area = function (geojson, opts) {
    opts = opts || {};
    var layer = L.geoJSON(geojson, {
      style: function () { return opts.style || {}; },
      interactive: !!opts.tooltip,
    });
    if (opts.tooltip) layer.bindTooltip(opts.tooltip, { sticky: true, className: "geo-tip" });
    if (opts.label && opts.labelAt) {
      L.tooltip({ permanent: true, direction: "center", className: "geo-label " + (opts.labelClass || ""),
                  interactive: false })
        .setLatLng(opts.labelAt).setContent(opts.label).addTo(layer);
    }
    return layer;
  };

  G.governorates = function (geojson, opts) {
    opts = opts || {};
    var group = L.featureGroup();
    var style = opts.style || {};
    if (opts.offlineBase) style.pane = "geoBasePane"; // under every overlay, like tiles
    L.geoJSON(geojson, { style: function () { return style; }, interactive: false, pane: style.pane || "overlayPane" }).addTo(group);
    if (opts.labels) {
      (geojson.features || []).forEach(function (f) {
        var p = f.properties || {};
        if (!p.label_lat) return;
        L.tooltip({ permanent: true, direction: "center", className: "geo-label geo-gov-label", interactive: false })
          .setLatLng([p.label_lat, p.label_lon]).setContent(p.label_html).addTo(group);
      });
    }
    if (opts.offlineBase) {
      group.on("add", function () { if (group._map) group._map.getContainer().classList.add("geo-offline-base"); });
      group.beforeAdd = function (map) {
        if (!map.getPane("geoBasePane")) map.createPane("geoBasePane").style.zIndex = 250;
      };
      group.on("remove", function () { if (group._map) group._map.getContainer().classList.remove("geo-offline-base"); });
    }
    return group;
  };

  G.points = function (points, opts) {
    // points: [[lat, lon, label_html], ...] drawn as small circles with permanent labels
    var group = L.featureGroup();
    points.forEach(function (p) {
      L.circleMarker([p[0], p[1]], opts.style || {}).addTo(group)
        .bindTooltip(p[2], { permanent: true, direction: "right", offset: [8, 0], className: "geo-label geo-end-label" });
    });
    return group;
  };

  // ------------------------------------------------------------------ report places
  var STATUS = {
    north: "Inside the corridor, north band", south: "Inside the corridor, south band",
    outside: "Outside the corridor", region: "Region-level location: too broad to place in or out",
  };

  function popupHtml(d, f) {
    var p = {};
    f.forEach(function (k, i) { p[k] = d[i]; });
    var h = '<div class="geo-popup">';
    h += '<div class="geo-pop-names"><b dir="rtl" lang="ar" class="geo-ar">' + p.name_ar + "</b>";
    if (p.name_en) h += ' <span class="geo-en">' + p.name_en + "</span>";
    h += "</div>";
    h += '<div class="geo-pop-meta">' + p.kind + " · " + p.coords + "</div>";
    h += '<div class="geo-pop-status geo-' + p.corridor + '">' + p.status_html + "</div>";
    h += '<div class="geo-pop-conf">Confidence ' + p.confidence + (p.low ? ' <span class="geo-warn">low: check this place</span>' : "") + "</div>";
    if (p.alternatives) h += '<div class="geo-pop-alt">Alternatives: ' + p.alternatives + "</div>";
    h += '<ol class="geo-pop-mentions">';
    p.mentions.forEach(function (m) {
      // m: [excerpt_html, date, url, report_id]
      h += '<li><div class="geo-excerpt" dir="rtl" lang="ar">' + m[0] + "</div>";
      h += '<div class="geo-src">' + (m[1] ? m[1] + " · " : "");
      h += m[2] ? '<a href="' + m[2] + '" target="_blank" rel="noopener noreferrer">' + (m[3] || "source") + "</a>" : (m[3] || "");
      h += "</div></li>";
    });
    h += "</ol>";
    if (p.more) h += '<div class="geo-more">+ ' + p.more + " more mentions</div>";
    return h + "</div>";
  }

  // A cluster is a neutral disc whose ring shows the share of north / south / outside / region
  // places in it (so cluster colours never read as a corridor status of their own).
  var RING = { north: "#0072b2", south: "#d55e00", outside: "#009e73", region: "#999999" };
  function clusterIcon(cluster, idx) {
    var ms = cluster.getAllChildMarkers(), n = ms.length, cnt = {}, stops = [], at = 0;
    ms.forEach(function (m) { var k = m._geo[idx.corridor]; cnt[k] = (cnt[k] || 0) + 1; });
    ["north", "south", "outside", "region"].forEach(function (k) {
      if (!cnt[k]) return;
      var to = at + (360 * cnt[k]) / n;
      stops.push(RING[k] + " " + at.toFixed(1) + "deg " + to.toFixed(1) + "deg");
      at = to;
    });
    var size = n < 10 ? 24 : n < 100 ? 28 : n < 1000 ? 32 : 36;
    return L.divIcon({ className: "geo-cluster", iconSize: [size, size],
                       html: '<div style="background:conic-gradient(' + stops.join(",") + ')"><span>' + n + "</span></div>" });
  }

  G.places = function (data, opts) {
    opts = opts || {};
    var f = data.fields, idx = {};
    f.forEach(function (k, i) { idx[k] = i; });
    var layer = opts.cluster
      ? L.markerClusterGroup({ chunkedLoading: true, disableClusteringAtZoom: opts.disableClusteringAtZoom || 12,
                               spiderfyOnMaxZoom: true, showCoverageOnHover: false,
                               iconCreateFunction: function (c) { return clusterIcon(c, idx); },
                               chunkProgress: function (done, total) { if (done >= total) finished(); } })
      : L.featureGroup();
    // "drawn" = every marker is in its cluster or on the map (chunked loading may take frames)
    G._pending = (G._pending || 0) + 1;
    var isDone = false;
    function finished() { if (!isDone) { isDone = true; G._pending--; G._maybeReady(); } }
    if (!opts.cluster) layer.on("add", finished);
    var markers = data.rows.map(function (d) {
      var cls = "geo-pin geo-" + d[idx.corridor] + (d[idx.low] ? " geo-low" : "") + (d[idx.precision] === 3 ? " geo-broad" : "");
      var size = d[idx.size];
      var icon = L.divIcon({ className: cls, iconSize: [size, size],
                             html: d[idx.low] ? "?" : (d[idx.count] > 1 ? String(d[idx.count]) : "") });
      var m = L.marker([d[idx.lat], d[idx.lon]], { icon: icon, title: d[idx.title], alt: d[idx.title],
                                                   riseOnHover: true, keyboard: true });
      m._geo = d;
      m.bindPopup(function () { return popupHtml(d, f); }, { maxWidth: 380, minWidth: 240, className: "geo-popup-wrap" });
      m.bindTooltip(d[idx.tip], { direction: "top", offset: [0, -size / 2], className: "geo-tip" });
      return m;
    });
    if (opts.cluster) layer.addLayers(markers); else markers.forEach(function (m) { layer.addLayer(m); });
    layer._geoMarkers = markers;
    layer._geoIdx = idx;
    return layer;
  };

  // ------------------------------------------------------------------ date filter
  G.dateFilter = function (map, layer, range) {
    var C = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "leaflet-bar geo-panel geo-datefilter");
        div.title = "Show places mentioned in reports dated between these days (undated places stay)";
        div.innerHTML = '<label>From <input type="date" class="geo-from"></label> ' +
                        '<label>to <input type="date" class="geo-to"></label>';
        var a = div.querySelector(".geo-from"), b = div.querySelector(".geo-to");
        a.value = a.min = b.min = range[0]; b.value = a.max = b.max = range[1];
        L.DomEvent.disableClickPropagation(div);
        function apply() {
          var lo = a.value || range[0], hi = b.value || range[1], di = layer._geoIdx.dates;
          var keep = layer._geoMarkers.filter(function (m) {
            var ds = m._geo[di];  // places without a date stay on the map
            return !ds.length || ds.some(function (d) { return d >= lo && d <= hi; });
          });
          layer.clearLayers();
          if (layer.addLayers) layer.addLayers(keep); else keep.forEach(function (m) { layer.addLayer(m); });
          div.setAttribute("data-shown", keep.length);
        }
        a.addEventListener("change", apply); b.addEventListener("change", apply);
        return div;
      },
    });
    return new C().addTo(map);
  };

  // ------------------------------------------------------------------ panels
  G.panel = function (map, html, position, cls) {
    var C = L.Control.extend({
      options: { position: position || "bottomright" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "geo-panel " + (cls || ""));
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      },
    });
    return new C().addTo(map);
  };

  // ------------------------------------------------------------------ measure tool
  G.measure = function (map) {
    var active = false, pts = [], line = null, label = null, dbl;
    function fmt(m) { return m < 1000 ? m.toFixed(0) + " m" : (m / 1000).toFixed(m < 10000 ? 2 : 1) + " km"; }
    function total() {
      var d = 0;
      for (var i = 1; i < pts.length; i++) d += map.distance(pts[i - 1], pts[i]);
      return d;
    }
    function clear() {
      pts = [];
      if (line) { map.removeLayer(line); line = null; }
      if (label) { map.removeLayer(label); label = null; }
    }
    function onClick(e) {
      pts.push(e.latlng);
      if (!line) line = L.polyline(pts, { color: "#111", weight: 2, dashArray: "6 4", className: "geo-measure-line", interactive: false }).addTo(map);
      else line.setLatLngs(pts);
      var text = pts.length < 2 ? "Click to add points" : fmt(total());
      if (!label) label = L.tooltip({ permanent: true, direction: "right", className: "geo-measure-label" }).setLatLng(e.latlng).addTo(map);
      label.setLatLng(e.latlng).setContent(text);
    }
    var C = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar geo-measure");
        var a = L.DomUtil.create("a", "geo-measure-button", bar);
        a.href = "#"; a.title = "Measure distance (great-circle); click again to stop, Esc to clear";
        a.setAttribute("role", "button"); a.innerHTML = "&#8614;";
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.stop(e);
          active = !active;
          bar.classList.toggle("geo-active", active);
          map.getContainer().classList.toggle("geo-measuring", active);
          if (active) {
            clear(); dbl = map.doubleClickZoom.enabled(); map.doubleClickZoom.disable(); map.on("click", onClick);
          } else {
            map.off("click", onClick); if (dbl) map.doubleClickZoom.enable();
          }
        });
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      },
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") clear(); });
    var ctl = new C().addTo(map);
    ctl.distance = total;
    return ctl;
  };

  // ------------------------------------------------------------------ offline fallback
  // Show the offline base map when the browser is offline or when web tiles fail to load.
  G.tileFallback = function (map, tileLayers, offlineBase) {
    function useOffline() {
      tileLayers.forEach(function (t) { if (map.hasLayer(t)) map.removeLayer(t); });
      if (!map.hasLayer(offlineBase)) map.addLayer(offlineBase);
      map.getContainer().setAttribute("data-geo-base", "offline");
    }
    if (navigator.onLine === false) { useOffline(); return; }
    tileLayers.forEach(function (t) {
      var loaded = 0, failed = 0;
      t.on("tileload", function () { loaded++; });
      t.on("tileerror", function () {
        failed++;
        if (!loaded && failed >= 2 && map.hasLayer(t)) useOffline();
      });
    });
  };

  G.fitBounds = function (map, bounds) {
    map.fitBounds(bounds, { animate: false, padding: [50, 30] });
  };

  // window.__geoReady: milliseconds from navigation start until everything is drawn (tests,
  // benchmarks); the map container gets data-geo-ready="1" at the same time.
  G.ready = function (map) {
    G._map = map;
    G._scriptDone = true;
    G._maybeReady();
  };
  G._maybeReady = function () {
    if (!G._scriptDone || (G._pending || 0) > 0 || window.__geoReady !== undefined) return;
    requestAnimationFrame(function () {
      window.__geoReady = performance.now();
      G._map.getContainer().setAttribute("data-geo-ready", "1");
    });
  };
})();
