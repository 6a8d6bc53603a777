/* clustergraph map explorer add-on: the skill filter (clustergraph/maps/skills_layer.py).
   Choosing a skill colours the actors that need it (met or not) or offer it and fades the rest;
   the focus panel lists the focused actor's needs and offers. Hooks into explorer.js only through
   window.cgMap.mark, cgMap.apply and the "cg:applied" event. Text only, never HTML; ids in Map. */
(function () {
  "use strict";
  var api = window.cgMap;
  var data = JSON.parse(document.getElementById("cg-data").textContent).skills;
  if (!api || !data || !data.names.length) { return; }
  var COLOURS = {unmet: "#D55E00", met: "#009E73", offer: "#0072B2", both: "#CC79A7"};
  var LABELS = [["unmet", "Needs it, no linked provider (unmet)"], ["met", "Needs it, met through a link"],
    ["offer", "Offers it"], ["both", "Needs and offers it"]];
  var needs = new Map(), offers = new Map();
  var nNeed = data.names.map(function () { return 0; }), nOffer = data.names.map(function () { return 0; });
  data.actors.forEach(function (a) {
    needs.set(a[0], a[1]); offers.set(a[0], a[2]);
    a[1].forEach(function (x) { nNeed[x[0]] += 1; });
    a[2].forEach(function (k) { nOffer[k] += 1; });
  });
  var chosen = -1;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ---------------------------------------------------------------- the panel section
  var box = el("section"); box.id = "cg-skills-box";
  box.appendChild(el("h2", "", "Skills"));
  var label = el("label", "cg-row", "Skill ");
  var menu = el("select"); menu.id = "cg-skill-menu";
  var none = el("option", "", "No skill (colour as chosen above)"); none.value = ""; menu.appendChild(none);
  data.names.forEach(function (name, k) {
    var o = el("option", "", name + " (" + nNeed[k] + " need, " + nOffer[k] + " offer)");
    o.value = String(k); menu.appendChild(o);
  });
  label.appendChild(menu); box.appendChild(label);
  var info = el("div", "cg-note"); info.id = "cg-skill-info"; box.appendChild(info);
  var key = el("div"); key.id = "cg-skill-key"; box.appendChild(key);
  LABELS.forEach(function (l) {
    var row = el("div", "cg-row"), dot = el("span", "cg-dot");
    dot.style.background = COLOURS[l[0]];
    row.appendChild(dot); row.appendChild(el("span", "cg-lab", l[1])); key.appendChild(row);
  });
  key.style.display = "none";
  box.appendChild(el("div", "cg-note", "Actors that neither need nor offer the skill are faded. A need is met " +
    "when the actor is linked to an actor offering the skill."));
  var focusBox = document.getElementById("cg-focus-box");
  if (focusBox && focusBox.parentNode) { focusBox.parentNode.insertBefore(box, focusBox.nextSibling); }
  var focusSkills = el("div"); focusSkills.id = "cg-focus-skills";
  if (focusBox) { focusBox.appendChild(focusSkills); }

  // ---------------------------------------------------------------- the hook
  function role(id) {
    if (chosen < 0) { return null; }
    var nd = (needs.get(id) || []).filter(function (x) { return x[0] === chosen; })[0];
    var of = (offers.get(id) || []).indexOf(chosen) >= 0;
    if (nd && of) { return "both"; }
    if (nd) { return nd[1] ? "met" : "unmet"; }
    return of ? "offer" : "";
  }
  api.mark = function (node) {
    var r = role(node.id);
    return r === null ? null : r ? COLOURS[r] : false;
  };
  api.skillRole = role;  // for tests and other add-ons: "unmet", "met", "offer", "both", "" or null
  menu.addEventListener("change", function () {
    chosen = menu.value === "" ? -1 : parseInt(menu.value, 10);
    key.style.display = chosen < 0 ? "none" : "";
    if (api.state.mode !== "actors" && api.toActors) { api.toActors(); } else { api.apply(); }
  });

  // ---------------------------------------------------------------- after each redraw
  function describe(x) {
    return data.names[x[0]] + " (" + (x[1] ? "met" : "unmet") + (x[2] ? ", " + x[2] + " priority" : "") + ")";
  }
  document.addEventListener("cg:applied", function (ev) {
    if (chosen < 0) {
      info.textContent = "Choose a skill to see who needs it and who offers it.";
    } else {
      var u = 0, m = 0, o = 0;
      needs.forEach(function (list) {
        list.forEach(function (x) { if (x[0] === chosen) { if (x[1]) { m += 1; } else { u += 1; } } });
      });
      offers.forEach(function (list) { if (list.indexOf(chosen) >= 0) { o += 1; } });
      info.textContent = data.names[chosen] + ": " + plural(u + m, "actor") + " need it (" + m + " met, " + u +
        " unmet), " + plural(o, "actor") + " offer" + (o === 1 ? "s" : "") + " it.";
    }
    focusSkills.textContent = "";
    var id = ev.detail && ev.detail.focus;
    if (id === null || id === undefined) { return; }
    var nd = needs.get(id) || [], of = offers.get(id) || [];
    focusSkills.appendChild(el("div", "cg-sub", "Skills needs: " + (nd.length ? nd.map(describe).join("; ") : "none recorded")));
    focusSkills.appendChild(el("div", "cg-sub", "Skills offered: " + (of.length ? of.map(function (k) { return data.names[k]; }).join("; ") : "none recorded")));
  });
  api.apply();
})();
