"""The local app (issue 28): HTTP contract, security checks, clean stop, and the page in Chromium."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
import requests

from clustergraph.app import RunOptions, RunStore, create_app
from clustergraph.app.inputs import recognise, stored_name
from clustergraph.app.runs import prepare
from clustergraph.app.server import TOKEN_HEADER, fix_for, host_name
from clustergraph.errors import Problem
from clustergraph.synthetic.generator import generate

ROOT = Path(__file__).resolve().parents[1]


def wait_for(predicate, timeout: float = 60.0, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy (bounded); return that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Served:
    """The app served by uvicorn in a thread, on a free loopback port."""

    def __init__(self, workspace: Path, **options) -> None:
        import uvicorn

        self.app = create_app(workspace, **options)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server.started, 20, "the server to start")
        self.token = requests.get(self.url + "/api/session", timeout=10).json()["token"]

    def post(self, files: list[tuple[str, bytes]], headers=None, **fields):
        return requests.post(
            self.url + "/api/runs",
            files=[("files", (name, data)) for name, data in files],
            data=fields,
            headers={TOKEN_HEADER: self.token, **(headers or {})},
            timeout=60,
        )

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def ecosystem_files(n: int = 24, seed: int = 3) -> list[tuple[str, bytes]]:
    actors, links = generate(n, seed=seed, n_regions=4)
    return [("Members 2024.csv", actors.to_csv(index=False).encode()), ("ties.csv", links.to_csv(index=False).encode())]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = Served(tmp_path_factory.mktemp("workspace"), max_upload_mb=5, max_runs=1)
    yield s
    s.stop()


# ------------------------------------------------------------------ the HTTP contract


def test_upload_runs_to_done_with_progress_then_report_zip_and_delete(served):
    files = ecosystem_files()
    res = served.post(files, seed="2", projection="count")
    assert res.status_code == 202, res.text
    body = res.json()
    assert set(body) == {"id", "status_url"} and body["status_url"] == f"/api/runs/{body['id']}"
    # a second run while this one goes: refused, not queued without bound
    assert served.post(files).status_code == 429
    seen = []

    def done():
        st = requests.get(served.url + body["status_url"], timeout=10).json()
        seen.append((st["status"], st["progress"]))
        return st if st["status"] in ("done", "failed") else None

    st = wait_for(done, 240, "the run to finish")
    assert st["status"] == "done", st["error"]
    assert st["error"] is None and st["progress"] == 1.0 and st["report"] == f"/runs/{body['id']}/report.html"
    assert {s for s, _ in seen} <= {"queued", "running", "done"}
    progress = [p for _, p in seen]
    assert progress == sorted(progress) and any(0 < p < 1 for p in progress), seen
    assert st["options"]["seed"] == 2 and st["summary"]["actors"] == 24
    assert [i["name"] for i in st["inputs"]] == ["Members 2024.csv", "ties.csv"]
    assert st["inputs"][0]["sha256"] == hashlib.sha256(files[0][1]).hexdigest()

    page = requests.get(served.url + st["report"], timeout=10)
    assert page.status_code == 200 and "<html" in page.text and "Cluster stakeholder network" in page.text
    assert requests.get(served.url + st["map"], timeout=10).status_code == 200
    assert requests.get(served.url + f"/runs/{body['id']}/.clustergraph-manifest.json", timeout=10).status_code == 404
    assert requests.get(served.url + f"/runs/{body['id']}/../run.json", timeout=10).status_code == 404
    zf = zipfile.ZipFile(io.BytesIO(requests.get(served.url + st["zip"], timeout=30).content))
    names = zf.namelist()
    assert f"clustergraph-{body['id']}/report.html" in names and not any("/." in n for n in names)
    workbook = requests.get(served.url + st["workbook"], timeout=10)
    assert workbook.content[:2] == b"PK"

    listed = requests.get(served.url + "/api/runs", timeout=10).json()["runs"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert body["id"] in requests.get(served.url + "/", timeout=10).text  # the past runs, server-rendered
    folder = served.app.store.get(body["id"]).folder
    assert requests.delete(served.url + f"/api/runs/{body['id']}", timeout=10).status_code == 403  # no token
    res = requests.delete(served.url + f"/api/runs/{body['id']}", headers={TOKEN_HEADER: served.token}, timeout=10)
    assert res.status_code == 204 and not folder.exists()
    assert requests.get(served.url + body["status_url"], timeout=10).status_code == 404


def test_bad_upload_gets_422_with_rows_and_columns_and_keeps_nothing(served):
    (_, actors), (_, links) = ecosystem_files()
    bad = links + b"NOPE,X01,project,abc,2020\n"
    row = bad.decode().count("\n")  # the header is row 1
    res = served.post([("actors.csv", actors), ("../../etc/links.csv", bad)])
    assert res.status_code == 422
    problems = res.json()["problems"]
    assert {(p["file"], p["row"], p["column"]) for p in problems} >= {
        ("links.csv", row, "source"),
        ("links.csv", row, "weight"),
    }
    assert all(p["fix"] and p["message"] for p in problems)
    assert res.json()["lenient_helps"] is True
    assert not any((served.app.store.root).iterdir())  # nothing kept of a refused upload
    res = served.post([("notes.docx", b"x")])
    assert res.status_code == 422 and "not a CSV or Excel file" in res.json()["problems"][0]["message"]
    res = served.post(ecosystem_files(), seed="-1", projection="nope")
    assert res.status_code == 422 and {p["column"] for p in res.json()["problems"]} == {"seed", "projection"}


def test_foreign_host_header_refused(served):
    port = served.url.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", ""):
        res = requests.get(served.url + "/api/session", headers={"Host": host}, timeout=10)
        assert res.status_code == 400, host
        assert served.token not in res.text
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert requests.get(served.url + "/api/runs", headers={"Host": host}, timeout=10).status_code == 200


def test_cross_origin_and_tokenless_posts_refused(served):
    files = ecosystem_files()
    assert served.post(files, headers={"Origin": "http://evil.example"}).status_code == 403
    assert served.post(files, headers={"Origin": "null"}).status_code == 403
    assert served.post(files, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert served.post(files, headers={TOKEN_HEADER: "wrong"}).status_code == 403
    no_token = requests.post(served.url + "/api/runs", files=[("files", files[0])], timeout=10)
    assert no_token.status_code == 403
    cross = requests.get(served.url + "/api/session", headers={"Sec-Fetch-Site": "cross-site"}, timeout=10)
    assert cross.status_code == 403
    assert not any(served.app.store.root.iterdir())


def test_oversized_upload_refused_before_it_is_read_whole(tmp_path):
    s = Served(tmp_path, max_upload_mb=0.01)  # 10 KB
    try:
        # a declared size over the limit: refused at once (the body is not waited for)
        import http.client

        conn = http.client.HTTPConnection(s.url.split("//")[1], timeout=10)
        conn.putrequest("POST", "/api/runs")
        for key, value in ((TOKEN_HEADER, s.token), ("Content-Length", str(10**9)), ("Content-Type", "text/plain")):
            conn.putheader(key, value)
        conn.endheaders(b"x" * 10)
        assert conn.getresponse().status == 413
        conn.close()
        # no Content-Length (chunked): counted while it streams in
        chunks = (b"-" * 4096 for _ in range(12))
        res = requests.post(
            s.url + "/api/runs",
            data=chunks,
            headers={TOKEN_HEADER: s.token, "Content-Type": "multipart/form-data; boundary=-"},
            timeout=30,
        )
        assert res.status_code == 413 and "limit" in res.json()["error"]
        assert not any(s.app.store.root.iterdir())
    finally:
        s.stop()


# ------------------------------------------------------------------ parts


def test_uploaded_names_never_become_paths_and_tables_are_recognised(tmp_path):
    from clustergraph.export.template import write_template

    assert stored_name(0, "../../../root/.bashrc.csv") == "input-00.csv"
    assert stored_name(1, "C:\\Users\\me\\Members.XLSX") == "input-01.xlsx"
    assert stored_name(2, "report.html") is None
    actors, links = generate(16, seed=1)
    a, b, c = tmp_path / "input-00.csv", tmp_path / "input-01.csv", tmp_path / "input-02.csv"
    actors.to_csv(a, index=False)
    links.to_csv(b, index=False)
    c.write_text("foo,bar\n1,2\n")
    found = recognise([("x.csv", b), ("y.csv", a)])
    assert found.roles == {"links": [b], "actors": [a]} and not found.problems
    found = recognise([("odd.csv", c)])
    assert [p.file for p in found.problems] == ["odd.csv"] and "not a table" in found.problems[0].message
    wb = write_template(tmp_path / "input-03.xlsx")
    assert recognise([("survey.xlsx", wb)]).roles == {"workbook": [wb]}
    assert "no actors table" in recognise([("l.csv", b)]).problems[0].message


def test_lenient_prepare_keeps_the_good_rows_and_lists_the_dropped(tmp_path):
    actors, links = generate(16, seed=1)
    a, b = tmp_path / "input-00.csv", tmp_path / "input-01.csv"
    actors.to_csv(a, index=False)
    b.write_text(links.to_csv(index=False) + "NOPE,X01,project,1,2020\n")
    G, problems = prepare([("actors.csv", a), ("links.csv", b)], RunOptions())
    assert G is None and problems[0].file == "links.csv"
    G, problems = prepare([("actors.csv", a), ("links.csv", b)], RunOptions(lenient=True))
    assert problems == [] and G.number_of_nodes() == 16
    assert any("NOPE" in line for line in G.graph["provenance"]["dropped"])
    G, problems = prepare([("actors.csv", a), ("links.csv", b)], RunOptions(lenient=True, region="Nowhere"))
    assert G is None and "region" in fix_for(problems[0])


def test_a_run_left_going_by_a_killed_app_is_recorded_failed(tmp_path):
    folder = tmp_path / "runs" / "20240101-000000-abcdef"
    (folder / "report" / ".clustergraph-tmp-x").mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"status": "running", "created": "2024", "options": {"seed": 1}}))
    store = RunStore(tmp_path)
    run = store.get(folder.name)
    assert run.status == "failed" and "closed" in run.error and not (folder / "report").exists()
    assert json.loads((folder / "run.json").read_text())["status"] == "failed"


def test_host_name_parsing():
    assert host_name("[::1]:8765") == "::1" and host_name("LOCALHOST") == "localhost"
    assert host_name("127.0.0.1:1:2") == "127.0.0.1:1:2"  # nonsense stays nonsense (refused)
    assert (
        fix_for(Problem("a.csv", 3, "type", "empty type; allowed: firm"))
        == "pick one of the allowed values in column type"
    )


# ------------------------------------------------------------------ the command and its stop


def test_cli_app_stops_on_sigterm_within_seconds_discarding_the_running_report(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "clustergraph", "app", "--port", "0", "--no-browser", "--workspace", str(tmp_path)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        assert "http://127.0.0.1:" in line, line
        url = line.split()[2].rstrip("/")
        token = wait_for(lambda: _get_json(url + "/api/session"), 30, "the app")["token"]
        files = [("files", f) for f in ecosystem_files(60)]
        res = requests.post(url + "/api/runs", files=files, headers={TOKEN_HEADER: token}, timeout=60)
        assert res.status_code == 202, res.text
        wait_for(lambda: _get_json(url + res.json()["status_url"])["status"] == "running", 60, "the run to start")
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(10)
        assert time.monotonic() - started < 5
        assert code == 128 + signal.SIGTERM
        run = json.loads((tmp_path / "runs" / res.json()["id"] / "run.json").read_text())
        if run["status"] != "done":  # discarded, not half-written
            assert run["status"] == "failed" and "closed" in run["error"]
            assert not (tmp_path / "runs" / res.json()["id"] / "report").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def _get_json(url):
    try:
        return requests.get(url, timeout=5).json()
    except requests.ConnectionError:
        return None


# ------------------------------------------------------------------ the page in Chromium


@pytest.mark.browser
def test_page_upload_problems_progress_and_report_link(browser, served, tmp_path):
    from browser import wait_until

    (_, actors), (_, links) = ecosystem_files(20, seed=5)
    (tmp_path / "members.csv").write_bytes(actors)
    (tmp_path / "bad links.csv").write_bytes(links + b"F404,,project,1,2020\n")
    (tmp_path / "links.csv").write_bytes(links)
    shots = Path(os.environ.get("CLUSTERGRAPH_APP_SHOTS", tmp_path))
    res = browser.open(served.url + "/", width=1400, allow=(served.url + "/",))
    page = res.page

    def both_widths(state: str) -> None:
        """Screenshot ``state`` at 1400 and 400 px; nothing may stick out sideways at 400 px."""
        for width in (1400, 400):
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (state, width)
            res.screenshot(shots / f"app-{state}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1400, "height": 900})

    try:
        assert page.is_visible("#drop") and page.is_hidden("#problems-card")
        both_widths("empty")
        page.set_input_files("#files", [str(tmp_path / "members.csv"), str(tmp_path / "bad links.csv")])
        assert "members.csv" in res.text("#chosen")
        page.click("#run")
        page.wait_for_selector("#problems tbody tr", timeout=30_000)
        rows = page.eval_on_selector_all("#problems tbody tr", "rs => rs.map(r => r.innerText)")
        assert any("bad links.csv" in r and "unknown actor 'F404'" in r for r in rows), rows
        assert page.is_visible("#run-lenient")
        both_widths("problems")
        page.set_input_files("#files", [str(tmp_path / "members.csv"), str(tmp_path / "links.csv")])
        page.click("#run")
        page.wait_for_selector("#progress-card:not([hidden])", timeout=30_000)
        assert page.is_hidden("#problems-card")
        wait_until(page, "document.getElementById('progress').value > 0", 240_000)
        wait_until(page, "!document.getElementById('result').hidden", 240_000)
        href = page.get_attribute("#open-report", "href")
        assert href.endswith("/report.html")
        wait_until(page, "document.querySelector('#runs .status-done') !== null", 30_000)
        both_widths("done")
        assert requests.get(served.url + href, timeout=10).status_code == 200
        # the only console error is the browser's own note of the 422 answer, which the page shows
        assert [e for e in res.errors if "422" not in e] == []
        assert res.requests_blocked == [] and res.dialogs == []
    finally:
        res.close()


# ------------------------------------------------------------------ the notebook


def test_map_without_a_path_embeds_the_explorer_inline():
    import html as _html
    import re

    import clustergraph
    from clustergraph.graph import build_graph

    actors, links = generate(16, seed=2)
    actors.loc[0, "name"] = 'Quote " and <script>alert(1)</script>'
    m = clustergraph.map(build_graph(actors, links), seed=1)
    out = m._repr_html_()
    frame = re.fullmatch(r'<iframe srcdoc="([^"]*)" [^>]*sandbox="allow-scripts"[^>]*></iframe>', out)
    assert frame, out[:200]
    assert _html.unescape(frame.group(1)) == m.page  # the whole self-contained page, escaped once
    assert "<script" not in out.split("srcdoc=")[1].split('"')[1]
    assert "<!DOCTYPE html>" in m.page.upper() or "<html" in m.page
    assert '<script src="http' not in m.page  # self-contained: nothing loaded from the network


def test_page_assets_and_survey_template_are_served_offline(served, tmp_path):
    page = requests.get(served.url + "/", timeout=10)
    assert page.status_code == 200 and "default-src 'none'" in page.headers["content-security-policy"]
    assert served.token in page.text and "http" not in page.text.split("<body>")[0].replace("http-equiv", "")
    for name, kind in (("app.css", "text/css"), ("app.js", "text/javascript")):
        res = requests.get(served.url + f"/static/{name}", timeout=10)
        assert res.status_code == 200 and res.headers["content-type"].startswith(kind)
        assert "http://" not in res.text and "https://" not in res.text
    assert requests.get(served.url + "/static/..%2Fapp%2Fserver.py", timeout=10).status_code == 404
    survey = requests.get(served.url + "/template.xlsx", timeout=30)
    assert survey.status_code == 200 and survey.content[:2] == b"PK"
    (tmp_path / "input-00.xlsx").write_bytes(survey.content)
    assert recognise([("survey.xlsx", tmp_path / "input-00.xlsx")]).roles == {"workbook": [tmp_path / "input-00.xlsx"]}


@pytest.mark.browser
def test_inline_map_draws_inside_its_frame_offline(browser, tmp_path):
    from browser import _JS_CANVAS_INK

    import clustergraph
    from clustergraph.graph import build_graph

    m = clustergraph.map(build_graph(*generate(16, seed=2)), seed=1)
    (tmp_path / "notebook.html").write_text(f"<!DOCTYPE html><html><body>{m._repr_html_()}</body></html>")
    res = browser.open(tmp_path / "notebook.html")
    try:
        frame = res.page.frames[1]
        wait_for(lambda: frame.evaluate(f"({_JS_CANVAS_INK})('canvas')") > 0, 30, "the map to draw in its frame")
        assert res.errors == [] and res.requests_blocked == [] and res.dialogs == []
    finally:
        res.close()
