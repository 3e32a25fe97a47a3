// latticework pages: draw charts from the JSON payload embedded in each page (no CDN, no build).
var LW = (function () {
  function payload() { var el = document.getElementById("payload"); return el ? JSON.parse(el.textContent) : null; }
  function onReady(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }
  function col(rows, k) { return rows.map(function (r) { return r[k]; }); }
  var layout = function (title, extra) { return Object.assign({ title: { text: title }, margin: { t: 40, r: 40, b: 40, l: 60 }, height: 320 }, extra || {}); };

  function statePage() {
    onReady(function () {
      var d = payload(); if (!d) return;
      var s = d.spending;
      Plotly.newPlot("chart-spending", [
        { x: col(s, "year"), y: s.map(function (r) { return r.milex_constant_usd == null ? null : r.milex_constant_usd / 1e9; }), name: "US$ bn (constant 2023)", type: "scatter" },
        { x: col(s, "year"), y: s.map(function (r) { return r.milex_gdp_share == null ? null : r.milex_gdp_share * 100; }), name: "% of GDP", yaxis: "y2", type: "scatter" }
      ], layout("Military spending (SIPRI)", { yaxis2: { overlaying: "y", side: "right", title: { text: "% GDP" } } }), { displaylogo: false });
      var t = d.us_troops;
      Plotly.newPlot("chart-troops", [{ x: col(t, "year"), y: col(t, "troops"), type: "bar", name: "US troops" }],
        layout("US active-duty troops hosted (troopdata)"), { displaylogo: false });
    });
  }

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

  function drawNetwork(net) {
    var byId = {}; net.nodes.forEach(function (n) { byId[n.id] = n; });
    var traces = net.edges.map(function (e) {
      var a = byId[e.a], b = byId[e.b];
      return { x: [a.x, b.x], y: [a.y, b.y], mode: "lines", hoverinfo: "text", text: a.code + "–" + b.code + ": " + e.layers.join(", "),
               line: { width: 1 + 3 * Math.min(e.weight, 2), color: e.spoke_spoke ? "#c05621" : "#2b6cb0", dash: e.carried_forward ? "dot" : "solid" }, showlegend: false };
    });
    traces.push({ x: net.nodes.map(function (n) { return n.x; }), y: net.nodes.map(function (n) { return n.y; }), mode: "markers+text",
                  text: net.nodes.map(function (n) { return n.code; }), textposition: "top center", showlegend: false,
                  marker: { size: net.nodes.map(function (n) { return n.hub ? 26 : 16; }), color: net.nodes.map(function (n) { return n.hub ? "#15314b" : "#718096"; }) } });
    Plotly.react("network", traces, layout(net.preset + " network, " + net.year + " (orange: spoke–spoke; dotted: carried forward)",
      { xaxis: { visible: false }, yaxis: { visible: false }, height: 420 }), { displaylogo: false });
    document.getElementById("network").setAttribute("data-edges", String(net.edges.length));
  }

  function showYear(rows, year) {
    var r = rows.filter(function (x) { return x.year === year; })[0]; var body = document.querySelector("#measures tbody"); body.innerHTML = "";
    if (!r) return;
    Object.keys(r).forEach(function (k) {
      if (k === "spoke_ties" || typeof r[k] === "object") return;
      var tr = document.createElement("tr"); tr.innerHTML = "<th>" + k + "</th><td>" + (r[k] == null ? "—" : (typeof r[k] === "number" ? Math.round(r[k] * 1000) / 1000 : r[k])) + "</td>";
      tr.setAttribute("data-key", k); body.appendChild(tr);
    });
    var ul = document.getElementById("spoke-ties"); ul.innerHTML = "";
    (r.spoke_ties || []).forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
  }

  function structurePage(preset) {
    onReady(function () {
      var d = payload(); var rows = d.rows; var slider = document.getElementById("year"); var label = document.getElementById("year-label");
      Plotly.newPlot("chart-lattice", [
        { x: col(rows, "year"), y: col(rows, "lattice_index"), name: "lattice index", type: "scatter" },
        { x: col(rows, "year"), y: col(rows, "spoke_density"), name: "spoke density", type: "scatter" },
        { x: col(rows, "year"), y: col(rows, "hub_share"), name: "hub share", type: "scatter" }], layout("Structure over time"), { displaylogo: false });
      function update() {
        var y = parseInt(slider.value, 10); label.textContent = y; showYear(rows, y);
        fetch("/api/structure/network?preset=" + encodeURIComponent(preset) + "&year=" + y).then(function (r) { return r.json(); }).then(drawNetwork);
      }
      slider.addEventListener("input", update); update();
    });
  }
  function dyadPage() {
    onReady(function () {
      var d = payload(); var r = d.rows;
      var tr = ["dependence_b_on_a", "dependence_a_on_b", "asymmetry_index"].map(function (k) { return { x: col(r, "year"), y: col(r, k), name: k, type: "scatter" }; });
      Plotly.newPlot("chart-dependence", tr, layout(d.a + "–" + d.b + ": dependence both ways"), { displaylogo: false });
      if (d.interactions && d.interactions.length) {
        var s = d.interactions;
        Plotly.newPlot("chart-interactions", ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"].filter(function (k) { return k in s[0]; })
          .map(function (k) { return { x: col(s, "period"), y: col(s, k), name: k.replace("_", " "), type: "bar" }; }),
          layout(d.a + "–" + d.b + ": events per month by quad class (ingested event data)", { barmode: "stack" }), { displaylogo: false });
        document.getElementById("chart-interactions").setAttribute("data-months", String(s.length));
      }
    });
  }

  function strategyPage() {
    onReady(function () {
      var d = payload(); var r = d.rows.filter(function (x) { return x.verdict; });
      var ks = ["asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"];
      Plotly.newPlot("chart-strategy", ks.map(function (k) { return { x: col(r, "year"), y: col(r, "p_" + k), name: k.replace(/_/g, " "), stackgroup: "one" }; }),
        layout(d.state + ": probability of each strategy", { yaxis: { range: [0, 1] } }), { displaylogo: false });
      var last = r.length ? r[r.length - 1].year : null;
      var labels = r.map(function (x) { return (x.year % 5 === 0 || x.year === last) ? String(x.year) : ""; });
      Plotly.newPlot("chart-map", [{ x: col(r, "map_x"), y: col(r, "map_y"), text: labels, mode: "lines+markers+text", textposition: "top center",
        marker: { size: 7 }, hovertext: col(r, "verdict") }], layout("Strategy map: security autonomy vs economic/global orientation",
        { xaxis: { range: [0, 1], title: { text: "economic and global orientation" } }, yaxis: { range: [0, 1], title: { text: "security autonomy" } }, height: 480 }), { displaylogo: false });
    });
  }

  return { statePage: statePage, dyadPage: dyadPage, strategyPage: strategyPage, ledgerPage: ledgerPage, structurePage: structurePage, payload: payload, onReady: onReady, layout: layout, col: col };
})();
