// The local app's page (clustergraph/templates/app/index.html): upload, problems table, progress, past runs.
// Talks only to its own server (the HTTP contract of clustergraph.app.server); no library, no network.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const token = document.querySelector('meta[name="clustergraph-token"]').content;
  const form = $("upload"), input = $("files"), drop = $("drop");
  let dropped = null; // files given by drag and drop (a FileList)
  let polling = null;

  function chosenFiles() { return dropped || input.files; }

  function showChosen() {
    const list = $("chosen");
    list.textContent = "";
    for (const f of chosenFiles()) {
      const li = document.createElement("li");
      li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
      list.appendChild(li);
    }
  }

  input.addEventListener("change", () => { dropped = null; showChosen(); });
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) { dropped = e.dataTransfer.files; showChosen(); }
  });

  function cell(tr, text) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    tr.appendChild(td);
  }

  function showProblems(data) {
    const body = $("problems").querySelector("tbody");
    body.textContent = "";
    for (const p of data.problems || []) {
      const tr = document.createElement("tr");
      cell(tr, p.file); cell(tr, p.row); cell(tr, p.column); cell(tr, p.message); cell(tr, p.fix);
      body.appendChild(tr);
    }
    $("problems-card").hidden = false;
    $("lenient-offer").hidden = !data.lenient_helps;
    $("problems-card").scrollIntoView({ block: "nearest" });
  }

  function message(text) {
    $("problems-card").hidden = true;
    $("progress-card").hidden = false;
    $("result").hidden = true;
    $("error").hidden = false;
    $("error").textContent = text;
  }

  async function submit(lenient) {
    const files = chosenFiles();
    if (!files || !files.length) { message("Choose or drop the files first."); return; }
    const body = new FormData(form);
    body.delete("files");
    for (const f of files) body.append("files", f, f.name);
    if (lenient) body.set("lenient", "1");
    $("run").disabled = true;
    try {
      const res = await fetch("/api/runs", { method: "POST", body: body, headers: { "X-Clustergraph-Token": token } });
      const data = await res.json().catch(() => ({}));
      if (res.status === 202) { $("problems-card").hidden = true; follow(data.status_url); return; }
      if (res.status === 422) { showProblems(data); return; }
      message(data.error || ("The app refused the upload (HTTP " + res.status + ")."));
    } catch (err) {
      message("The app did not answer: is it still running? (" + err + ")");
    } finally {
      $("run").disabled = false;
    }
  }

  function follow(url) {
    $("progress-card").hidden = false;
    $("error").hidden = true;
    $("result").hidden = true;
    $("dropped-box").hidden = true;
    $("progress").value = 0;
    if (polling) clearTimeout(polling);
    const tick = async () => {
      let run;
      try { run = await (await fetch(url, { cache: "no-store" })).json(); }
      catch (err) { message("Lost the app while the report ran (" + err + ")."); return; }
      $("progress").value = run.progress;
      $("progress").textContent = Math.round(run.progress * 100) + "%";
      $("step").textContent = run.status === "done" ? "Done: " + run.step : run.step;
      if (run.status === "done" || run.status === "failed") { finished(run); return; }
      polling = setTimeout(tick, 300);
    };
    tick();
  }

  function finished(run) {
    if (run.status === "done") {
      $("open-report").href = run.report;
      $("open-map").href = run.map;
      $("get-zip").href = run.zip;
      $("get-xlsx").href = run.workbook;
      $("result").hidden = false;
    } else {
      $("error").hidden = false;
      $("error").textContent = run.error || "The run failed.";
    }
    if (run.dropped && run.dropped.length) {
      const ul = $("dropped");
      ul.textContent = "";
      for (const line of run.dropped) { const li = document.createElement("li"); li.textContent = line; ul.appendChild(li); }
      $("dropped-summary").textContent = run.dropped.length + " row problem(s) left out (lenient)";
      $("dropped-box").hidden = false;
    }
    refreshRuns();
  }

  async function refreshRuns() {
    const res = await fetch("/fragments/runs", { cache: "no-store" });
    if (res.ok) $("runs").innerHTML = await res.text(); // rendered by the server's autoescaped template
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); submit(false); });
  $("run-lenient").addEventListener("click", () => { $("lenient").checked = true; submit(true); });
  $("runs").addEventListener("click", async (e) => {
    const id = e.target && e.target.getAttribute && e.target.getAttribute("data-delete");
    if (!id) return;
    const res = await fetch("/api/runs/" + encodeURIComponent(id), { method: "DELETE", headers: { "X-Clustergraph-Token": token } });
    if (res.ok) refreshRuns();
  });
})();
