"""``clustergraph app``: the local web app for cluster managers (no terminal needed after this)."""

from __future__ import annotations

import ipaddress
import socket
import threading

import click

from .app import main
from .common import folder_option


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_workspace() -> str:
    """The user's data folder for clustergraph (e.g. ``~/.local/share/clustergraph`` on Linux)."""
    import platformdirs

    return platformdirs.user_data_dir("clustergraph", appauthor=False)


@main.command("app")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
@folder_option(
    "--workspace", help_text="Folder of the runs (default: the user's data folder, e.g. ~/.local/share/clustergraph)."
)
@click.option(
    "--max-upload-mb",
    default=100.0,
    show_default=True,
    type=click.FloatRange(min=0.001),
    help="Largest upload accepted (refused with 413 before it is read whole).",
)
@click.option("--max-runs", default=1, show_default=True, type=click.IntRange(1, 16), help="Runs going at once.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but the loopback address opens the app to the network: avoid it.",
)
def app_cmd(port, no_browser, workspace, max_upload_mb, max_runs, host):
    """Start the local app: drop the spreadsheet in the browser, see its problems, get the report.

    The app runs on this computer only (127.0.0.1) and keeps its runs in the workspace folder.
    Stop it with Ctrl-C: a report being written is finished or discarded, never left half-written.

    \b
    Example:
      clustergraph app
      clustergraph app --port 9000 --no-browser --workspace ~/cluster-runs
    """
    import uvicorn

    from ..app import create_app
    from .console import err, notice, plain

    workspace = workspace or default_workspace()
    if not _loopback(host):
        notice(
            f"warning: listening on {host}: other machines on the network can reach the app and the uploaded "
            "data. Use the default 127.0.0.1 unless you know why."
        )
    app = create_app(
        workspace, max_upload_mb=max_upload_mb, max_runs=max_runs, hosts=set() if _loopback(host) else {host}
    )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}; try --port 0") from None
    sock.listen(64)
    bound = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if family == socket.AF_INET6 else ("127.0.0.1" if host == "0.0.0.0" else host)
    url = f"http://{shown}:{bound}/"
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    err.print(plain(f"clustergraph app: {url} (workspace {workspace}; Ctrl-C to stop)"), markup=False, highlight=False)
    if not no_browser:

        def open_when_up() -> None:
            import time
            import webbrowser

            for _ in range(200):
                if server.started:
                    webbrowser.open(url)
                    return
                time.sleep(0.05)

        threading.Thread(target=open_when_up, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
