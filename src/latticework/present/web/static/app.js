// latticework pages: a little behaviour on server-rendered pages. Charts are SVG drawn by the
// server's chart module (latticework.present.plots), the same one the report uses; no CDN, no build.
var LW = (function () {
  function payload() { var el = document.getElementById("payload"); return el ? JSON.parse(el.textContent) : null; }
  function onReady(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  function ledgerPage() {
    onReady(function () {
      var q = document.getElementById("quick"); if (!q) return;
      q.addEventListener("input", function () {
        var needle = q.value.toLowerCase(), shown = 0;
        document.querySelectorAll("#ledger tbody tr").forEach(function (tr) {
          var hit = tr.textContent.toLowerCase().indexOf(needle) >= 0; tr.style.display = hit ? "" : "none"; if (hit) shown++;
        });
        document.getElementById("ledger-count").textContent = shown + " records shown";
      });
    });
  }

  function drawNetwork(preset, year) {
    // the drawing is made by the server's chart module (the same one the report uses)
    return fetch("/structure/network.svg?preset=" + encodeURIComponent(preset) + "&year=" + year)
      .then(function (r) { return r.text(); })
      .then(function (svg) {
        var el = document.getElementById("network"); el.innerHTML = svg;
        el.setAttribute("data-year", String(year));
      });
  }

  var LABELS = { carried_forward: "ties carried forward past a source's last year", coverage_break: "sources differ from the year before",
                 lattice_index: "lattice index (— : fewer than two spokes)", n_spoke_ties: "spoke–spoke ties",
                 hub_removal_fragmentation: "fragmentation without the hub" };

  function showYear(rows, year) {
    var r = rows.filter(function (x) { return x.year === year; })[0]; var body = document.querySelector("#measures tbody"); body.innerHTML = "";
    if (!r) return;
    Object.keys(r).forEach(function (k) {
      if (k === "spoke_ties" || (r[k] !== null && typeof r[k] === "object")) return;
      var v = r[k], shown = v == null ? "—" : v === true ? "yes" : v === false ? "no" : (typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v));
      var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
      th.textContent = LABELS[k] || k.replace(/_/g, " "); td.textContent = shown; tr.appendChild(th); tr.appendChild(td);
      tr.setAttribute("data-key", k); body.appendChild(tr);
    });
    var ul = document.getElementById("spoke-ties"); ul.innerHTML = "";
    (r.spoke_ties || []).forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
  }

  function structurePage(preset) {
    onReady(function () {
      var d = payload(); var rows = d.rows; var slider = document.getElementById("year"); var label = document.getElementById("year-label");
      function update() {
        var y = parseInt(slider.value, 10); label.textContent = y; showYear(rows, y);
        fetch("/api/structure/network?preset=" + encodeURIComponent(preset) + "&year=" + y).then(function (r) { return r.json(); })
          .then(function (net) { document.getElementById("network").setAttribute("data-edges", String(net.edges.length)); });
        drawNetwork(preset, y);
      }
      slider.addEventListener("input", update); update();
    });
  }
  return { ledgerPage: ledgerPage, structurePage: structurePage, payload: payload, onReady: onReady };
})();
