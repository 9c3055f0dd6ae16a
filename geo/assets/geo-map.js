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
    (opts.roads || []).forEach(function (pts) {
      L.polyline(pts, { pane: style.pane || "overlayPane", color: "#a0522d", weight: 2.5, opacity: 0.8,
                        interactive: false, className: "geo-road" }).addTo(group);
    });
    (opts.neighbours || []).forEach(function (p) {
      L.tooltip({ permanent: true, direction: "center", className: "geo-label geo-country-label", interactive: false })
        .setLatLng([p[0], p[1]]).setContent(p[2]).addTo(group);
    });
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
      var c = L.circleMarker([p[0], p[1]], opts.style || {}).addTo(group);
      if (!opts.engineLabels) c.bindTooltip(p[2], { permanent: true, direction: "right", offset: [8, 0], className: "geo-label geo-end-label" });
    });
    group._geoLabels = opts.engineLabels ? points : [];  // placed by G.labels, clear of markers
    return group;
  };

  // ------------------------------------------------------------------ report places
  // The date range every view follows: day indices [lo, hi] into the page's list of days
  // (lo > hi: no day); undated mentions (day -1) are always in.
  G.range = null;
  G.inRange = function (di) { return di < 0 || !G.range || (di >= G.range[0] && di <= G.range[1]); };
  G._listeners = [];
  G.onRange = function (fn) { G._listeners.push(fn); };
  G.setRange = function (lo, hi) {
    G.range = [lo, hi];
    G._listeners.forEach(function (fn) { fn(G.range); });
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
    h += '<ol class="geo-pop-mentions" dir="rtl">';
    var shown = 0, total = 0;
    p.per_date.forEach(function (x) { if (G.inRange(x[0])) total += x[1]; });
    p.mentions.forEach(function (m) {
      // m: [excerpt_html, date, url, report_id, day index, event id]; the first ones in range
      if (!G.inRange(m[4]) || shown >= MAX_IN_POPUP) return;
      shown++;
      h += '<li><div class="geo-excerpt" dir="rtl" lang="ar">' + m[0] + "</div>";
      h += '<div class="geo-src" dir="ltr">' + (m[1] ? m[1] + " · " : "");
      h += m[2] ? '<a href="' + m[2] + '" target="_blank" rel="noopener noreferrer">' + (m[3] || "source") + "</a>" : (m[3] || "");
      if (m[5]) h += ' · <span class="geo-eid" title="event_id_cnty in the events table">' + m[5] + "</span>";
      h += "</div></li>";
    });
    h += "</ol>";
    if (total > shown) h += '<div class="geo-more">+ ' + (total - shown) + " more mentions" + (G.range ? " in these dates" : "") + "</div>";
    return h + "</div>";
  }

  // A cluster is a neutral disc whose ring shows the share of north / south / outside / region
  // places in it (so cluster colours never read as a corridor status of their own).
  var MAX_IN_POPUP = 8;
  // ring: {status: colour} in legend order, from Python (geo.style.STATUS_STYLES)
  function clusterIcon(cluster, idx, ring) {
    var ms = cluster.getAllChildMarkers(), n = ms.length, cnt = {}, stops = [], at = 0;
    ms.forEach(function (m) { var k = m._geo[idx.corridor]; cnt[k] = (cnt[k] || 0) + 1; });
    Object.keys(ring).forEach(function (k) {
      if (!cnt[k]) return;
      var to = at + (360 * cnt[k]) / n;
      stops.push(ring[k] + " " + at.toFixed(1) + "deg " + to.toFixed(1) + "deg");
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
                               iconCreateFunction: function (c) { return clusterIcon(c, idx, data.colours || {}); },
                               chunkProgress: function (done, total) { if (done >= total) finished(); } })
      : L.featureGroup();
    // "drawn" = every marker is in its cluster or on the map (chunked loading may take frames)
    G._pending = (G._pending || 0) + 1;
    var isDone = false;
    function finished() { if (!isDone) { isDone = true; G._pending--; G._maybeReady(); } }
    if (!opts.cluster) layer.on("add", finished);
    function icon(d, n) {
      var cls = "geo-pin geo-" + d[idx.corridor] + (d[idx.low] ? " geo-low" : "") + (d[idx.precision] === 3 ? " geo-broad" : "");
      var size = d[idx.size];
      return L.divIcon({ className: cls, iconSize: [size, size],
                         html: d[idx.low] ? "?" : (n > 1 ? String(n) : "") });
    }
    var markers = data.rows.map(function (d) {
      var size = d[idx.size];
      var m = L.marker([d[idx.lat], d[idx.lon]], { icon: icon(d, d[idx.count]), title: d[idx.title], alt: d[idx.title],
                                                   riseOnHover: true, keyboard: true });
      m._geo = d;
      m._geoCount = d[idx.count];
      m.bindPopup(function () { return popupHtml(d, f); }, { maxWidth: 380, minWidth: 240, className: "geo-popup-wrap",
                                                              autoPanPaddingTopLeft: [330, 20] });  // clear of the date panel
      m.bindTooltip(d[idx.tip], { direction: "top", offset: [0, -size / 2], className: "geo-tip" });
      return m;
    });
    // the date range: a marker shows its mentions in the range, and goes when it has none
    G.onRange(function () {
      var keep = [];
      markers.forEach(function (m) {
        var n = 0;
        m._geo[idx.per_date].forEach(function (x) { if (G.inRange(x[0])) n += x[1]; });
        if (n !== m._geoCount) { m._geoCount = n; if (n) m.setIcon(icon(m._geo, n)); }
        if (n) keep.push(m);
      });
      layer.clearLayers();
      if (layer.addLayers) layer.addLayers(keep); else keep.forEach(function (m) { layer.addLayer(m); });
      layer._geoShown = keep.length;
    });
    if (opts.cluster) layer.addLayers(markers); else markers.forEach(function (m) { layer.addLayer(m); });
    layer._geoMarkers = markers;
    layer._geoIdx = idx;
    return layer;
  };

  // ------------------------------------------------------------------ date filter, chart, play
  // tl (from Python): days (sorted "YYYY-MM-DD"), statuses, colours, labels,
  // counts [[day index, status index, mentions]], missing [[day index, mentions]] (day -1: undated).
  function dayNum(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 864e5; }
  function isoOf(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }

  // Legend counts and the "Not on the map" panel follow the range.
  function followRange(map, tl) {
    var box = map.getContainer();
    G.onRange(function () {
      var by = {};
      tl.counts.forEach(function (c) { if (G.inRange(c[0])) by[c[1]] = (by[c[1]] || 0) + c[2]; });
      box.querySelectorAll(".geo-lg-n[data-status]").forEach(function (el) {
        el.textContent = String(by[tl.statuses.indexOf(el.getAttribute("data-status"))] || 0);
      });
      var miss = 0;
      tl.missing.forEach(function (c) { if (G.inRange(c[0])) miss += c[1]; });
      box.querySelectorAll(".geo-unresolved li[data-day]").forEach(function (li) {
        li.style.display = G.inRange(+li.getAttribute("data-day")) ? "" : "none";
      });
      box.querySelectorAll(".geo-miss-n").forEach(function (el) { el.textContent = String(miss); });
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, parent) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  G.dateFilter = function (map, layer, tl) {
    var days = tl.days, nums = days.map(dayNum), first = nums[0], last = nums[nums.length - 1];
    // periods: days when the reports span two months or less, else weeks starting on Monday
    var weekly = last - first > 60, periods = [], p0 = first;
    if (weekly) p0 = first - ((new Date(first * 864e5).getUTCDay() + 6) % 7);
    for (var a0 = p0; a0 <= last; a0 += weekly ? 7 : 1) periods.push([a0, a0 + (weekly ? 6 : 0)]);
    function periodOf(n) { return Math.floor((n - p0) / (weekly ? 7 : 1)); }
    var stacks = periods.map(function () { return {}; });
    tl.counts.forEach(function (c) {
      if (c[0] < 0) return;
      var st = stacks[periodOf(nums[c[0]])];
      st[c[1]] = (st[c[1]] || 0) + c[2];
    });
    var totals = stacks.map(function (st) { return Object.keys(st).reduce(function (t, k) { return t + st[k]; }, 0); });
    var peak = Math.max.apply(null, totals.concat([1]));
    followRange(map, tl);

    var C = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "leaflet-bar geo-panel geo-datefilter");
        div.title = "Show the mentions in reports dated between these days (undated ones stay)";
        div.innerHTML = '<label>From <input type="date" class="geo-from"></label> ' +
                        '<label>to <input type="date" class="geo-to"></label>' +
                        '<div class="geo-play"><button type="button" class="geo-step-back" title="Previous week">&#9664;</button>' +
                        '<button type="button" class="geo-play-button" title="Play: one week after another">Play weeks</button>' +
                        '<button type="button" class="geo-step" title="Next week">&#9654;</button>' +
                        '<button type="button" class="geo-all" title="Every date">All</button></div>' +
                        '<div class="geo-chart"></div>';
        var a = div.querySelector(".geo-from"), b = div.querySelector(".geo-to");
        a.value = a.min = b.min = days[0]; b.value = a.max = b.max = days[days.length - 1];
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);

        // the chart: one bar per period, stacked by corridor status; a click sets the range
        var W = 280, H = 64, n = periods.length, bw = W / n;
        var svg = svgEl("svg", { width: W, height: H + 14, viewBox: "0 0 " + W + " " + (H + 14),
                                 role: "img", "class": "geo-chart-svg",
                                 "aria-label": "Mentions per " + (weekly ? "week" : "day") + " by corridor status" },
                        div.querySelector(".geo-chart"));
        var bars = periods.map(function (p, i) {
          var g = svgEl("g", { "class": "geo-bar", "data-period": i, "data-total": totals[i],
                               "data-from": isoOf(p[0]), "data-to": isoOf(p[1]) }, svg);
          svgEl("rect", { x: i * bw, y: 0, width: bw, height: H, fill: "transparent" }, g);
          var y = H;
          tl.statuses.forEach(function (k, si) {
            var v = stacks[i][si];
            if (!v) return;
            var h = (v / peak) * (H - 2);
            y -= h;
            svgEl("rect", { x: i * bw + (bw > 4 ? 0.5 : 0), y: y, width: Math.max(1, bw - (bw > 4 ? 1 : 0)), height: h,
                            fill: tl.colours[si], "class": "geo-bar-part", "data-status": k }, g);
          });
          var t = svgEl("title", {}, g);
          t.textContent = (weekly ? "Week of " : "") + isoOf(p[0]) + ": " + totals[i] + " mention" + (totals[i] === 1 ? "" : "s") + " (click: show only these dates)";
          g.addEventListener("click", function () { setDates(isoOf(p[0]), isoOf(p[1])); });
          return g;
        });
        var axis = svgEl("text", { x: 0, y: H + 11, "class": "geo-chart-axis" }, svg);
        axis.textContent = days[0];
        var axis2 = svgEl("text", { x: W, y: H + 11, "text-anchor": "end", "class": "geo-chart-axis" }, svg);
        axis2.textContent = days[days.length - 1];

        function apply() {
          var lo = a.value || days[0], hi = b.value || days[days.length - 1];
          var li = days.length, hiI = -1;
          days.forEach(function (d, i) { if (d >= lo && i < li) li = i; if (d <= hi) hiI = i; });
          G.setRange(li, hiI);
          var ln = dayNum(lo), hn = dayNum(hi);
          bars.forEach(function (g, i) {
            g.classList.toggle("geo-out", periods[i][1] < ln || periods[i][0] > hn);
          });
          div.setAttribute("data-shown", layer._geoShown);
          div.setAttribute("data-range", lo + "/" + hi);
        }
        function setDates(lo, hi) {
          a.value = lo < days[0] ? days[0] : lo;
          b.value = hi > days[days.length - 1] ? days[days.length - 1] : hi;
          apply();
        }
        // step and play: a week at a time, from the first report day
        function step(dir) {
          var cur = dayNum(a.value || days[0]), span = dayNum(b.value || days[0]) - cur;
          var start = span === 6 ? cur + 7 * dir : (dir > 0 ? first : last - 6);
          if (start > last || start + 6 < first) return false;
          setDates(isoOf(start), isoOf(start + 6));
          return true;
        }
        var timer = null, play = div.querySelector(".geo-play-button");
        function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = "Play weeks"; } }
        play.addEventListener("click", function () {
          if (timer) { stop(); return; }
          play.textContent = "Pause";
          if (!step(1)) { stop(); return; }
          timer = setInterval(function () { if (!step(1)) stop(); }, 1200);
        });
        div.querySelector(".geo-step").addEventListener("click", function () { stop(); step(1); });
        div.querySelector(".geo-step-back").addEventListener("click", function () { stop(); step(-1); });
        div.querySelector(".geo-all").addEventListener("click", function () { stop(); setDates(days[0], days[days.length - 1]); });
        a.addEventListener("change", function () { stop(); apply(); });
        b.addEventListener("change", function () { stop(); apply(); });
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
  // Show the offline base map when web tiles fail to load (Leaflet "tileerror" events), whatever
  // the browser says about being online: a captive portal or a firewall is "online" too.
  G.tileFallback = function (map, tileLayers, offlineBase) {
    function useOffline() {
      tileLayers.forEach(function (t) { if (map.hasLayer(t)) map.removeLayer(t); });
      if (!map.hasLayer(offlineBase)) map.addLayer(offlineBase);
      map.getContainer().setAttribute("data-geo-base", "offline");
    }
    tileLayers.forEach(function (t) {
      var loaded = 0, failed = 0;
      t.on("tileload", function () { loaded++; });
      t.on("tileerror", function () {
        failed++;
        if (!loaded && failed >= 2 && map.hasLayer(t)) useOffline();
      });
    });
  };

  // ------------------------------------------------------------------ labels
  // One placement pass after every move: section-end names first, then report places' names
  // (from zoom 11), then settlement names of the offline base map by tier (cities, towns,
  // villages). A name is drawn only where it covers no marker, control or other name.
  G.labels = function (map, base, places, ends, st) {
    var pane = map.createPane("geoLabelPane");
    pane.style.zIndex = 640;
    pane.style.pointerEvents = "none";
    var group = L.layerGroup().addTo(map);
    var box = map.getContainer();
    var meas = L.DomUtil.create("div", "geo-lbl-measure", box);
    var sizes = {};
    function sizeOf(key, html, cls) {
      if (!sizes[key]) {
        meas.className = "geo-lbl-measure " + cls;
        meas.innerHTML = html;
        sizes[key] = [meas.offsetWidth + 2, meas.offsetHeight];
      }
      return sizes[key];
    }
    function townHtml(s) {
      return '<span dir="rtl" lang="ar" class="geo-ar">' + s[3] + "</span>" + (s[4] ? '<br><span class="geo-sl-en">' + s[4] + "</span>" : "");
    }
    function townSizes(list) {
      var fresh = list.filter(function (i) { return !sizes["s" + i]; });
      if (!fresh.length) return;
      var html = fresh.map(function (i) {
        return '<div class="geo-lbl-measure geo-tier-' + st.rows[i][2] + '">' + townHtml(st.rows[i]) + "</div>";
      }).join("");
      var holder = L.DomUtil.create("div", "", box);
      holder.innerHTML = html;
      var kids = holder.children;
      for (var k = 0; k < fresh.length; k++) sizes["s" + fresh[k]] = [kids[k].offsetWidth + 2, kids[k].offsetHeight];
      box.removeChild(holder);
    }
    var occ, W, H;
    function free(b) {
      if (b[0] < 0 || b[1] < 0 || b[2] > W || b[3] > H) return false;
      for (var i = 0; i < occ.length; i++) {
        var o = occ[i];
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
      }
      return true;
    }
    function fit(pt, wh, r) {
      // a marker drawn on this very point (a report place at a section end): go around it
      occ.forEach(function (o) {
        if (pt.x >= o[0] && pt.x <= o[2] && pt.y >= o[1] && pt.y <= o[3])
          r = Math.max(r, pt.x - o[0], o[2] - pt.x, pt.y - o[1], o[3] - pt.y);
      });
      r = Math.min(r, 24);  // but stay beside the point
      var w = wh[0], h = wh[1], c = [
        [pt.x + r + 2, pt.y - h / 2], [pt.x - r - 2 - w, pt.y - h / 2],
        [pt.x - w / 2, pt.y - r - 1 - h], [pt.x - w / 2, pt.y + r + 1]];
      for (var i = 0; i < c.length; i++) {
        var b = [c[i][0], c[i][1], c[i][0] + w, c[i][1] + h];
        if (free(b)) return b;
      }
      return null;
    }
    function draw(latlng, pt, b, html, cls, dot) {
      occ.push([b[0] - 2, b[1] - 1, b[2] + 2, b[3] + 1]);
      var inner = (dot ? '<i class="geo-sdot"></i>' : "") +
                  '<div class="geo-lbl-text" style="left:' + (b[0] - pt.x).toFixed(1) + "px;top:" + (b[1] - pt.y).toFixed(1) + 'px">' + html + "</div>";
      L.marker(latlng, { icon: L.divIcon({ className: "geo-lbl " + cls, iconSize: null, html: inner }),
                         pane: "geoLabelPane", interactive: false, keyboard: false }).addTo(group);
    }
    function rectOf(el, pad) {
      var r = el.getBoundingClientRect(), c = box.getBoundingClientRect();
      return [r.left - c.left - pad, r.top - c.top - pad, r.right - c.left + pad, r.bottom - c.top + pad];
    }
    function layout() {
      group.clearLayers();
      var z = map.getZoom(), size = map.getSize(), bounds = map.getBounds().pad(0.05), placed = 0;
      W = size.x; H = size.y; occ = [];
      box.classList.toggle("geo-far", z < 9);  // band names would overlap: hidden (CSS)
      box.querySelectorAll(".geo-pin, .geo-cluster, .leaflet-tooltip.geo-label, .leaflet-control").forEach(function (el) {
        if (el.offsetParent !== null) occ.push(rectOf(el, 1));
      });
      (ends && map.hasLayer(ends) ? ends._geoLabels : []).forEach(function (p, i) {
        var ll = L.latLng(p[0], p[1]), pt = map.latLngToContainerPoint(ll);
        var html = '<span class="geo-end-name">' + p[2] + "</span>";
        var b = fit(pt, sizeOf("e" + i, html, "geo-lbl-end"), 8);
        if (b) draw(ll, pt, b, html, "geo-lbl-end", false);
      });
      var named = {};
      if (places && map.hasLayer(places)) {
        var idx = places._geoIdx;
        places._geoMarkers.forEach(function (m) {
          var shown = places.getVisibleParent ? places.getVisibleParent(m) === m : places.hasLayer(m);
          if (!shown) return;
          var d = m._geo;
          if (d[idx.settlement] >= 0) named[d[idx.settlement]] = true;
          if (z < 11 || !bounds.contains(m.getLatLng())) return;
          var html = '<span dir="rtl" lang="ar" class="geo-ar">' + d[idx.name_ar] + "</span>" +
                     (d[idx.name_en] ? '<span class="geo-ml-en"> · ' + d[idx.name_en] + "</span>" : "");
          var pt = map.latLngToContainerPoint(m.getLatLng());
          var b = fit(pt, sizeOf("m" + d[idx.lat] + "," + d[idx.lon], html, "geo-lbl-place"), d[idx.size] / 2);
          if (b) { draw(m.getLatLng(), pt, b, '<span class="geo-mlabel" title="' + (d[idx.name_en] || d[idx.name_ar]) + '">' + html + "</span>", "geo-lbl-place", false); placed++; }
        });
      }
      box.setAttribute("data-geo-place-labels", placed);
      var towns = 0;
      if (st && base && map.hasLayer(base)) {
        var todo = [];
        for (var i = 0; i < st.rows.length; i++) {
          var s = st.rows[i];
          if (st.minZoom[s[2]] > z || named[i] || !bounds.contains([s[0], s[1]])) continue;
          todo.push(i);
        }
        townSizes(todo);  // one layout pass for the names not measured yet
        for (var j = 0; j < todo.length && towns < 600; j++) {
          var i2 = todo[j], s2 = st.rows[i2], ll = L.latLng(s2[0], s2[1]);
          var pt = map.latLngToContainerPoint(ll);
          var b = fit(pt, sizes["s" + i2], 3);
          if (b) { draw(ll, pt, b, townHtml(s2), "geo-lbl-town geo-tier-" + s2[2] + " geo-s-" + i2, true); towns++; }
        }
      }
      G._occ = occ;
      box.setAttribute("data-geo-town-labels", towns);
      box.setAttribute("data-geo-layout", (+box.getAttribute("data-geo-layout") || 0) + 1);
    }
    var pending = false;
    function later() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; layout(); });
    }
    map.on("moveend baselayerchange overlayadd overlayremove", later);
    if (places) places.on("animationend", later);
    if (base) base.on("add remove", later);
    G.onRange(later);
    G.relabel = layout;
    later();
    return group;
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
