"""The report as one HTML file for e-mail, with the interactive map inside (``report --single-file``, issue 25).

``report.html`` carries no script at all (its Content-Security-Policy says ``script-src 'none'``), so
forwarded alone it keeps everything but the interactive map. :func:`single_file_page` writes the same
page (same sections, same figures) with the explorer map inside it, for a reader who gets one
attachment:

- the map is the self-contained explorer page (:func:`clustergraph.maps.offline.page_html`, every
  script and style inlined) in a sandboxed ``<iframe srcdoc>`` in the map section;
- a ``srcdoc`` frame inherits the Content-Security-Policy of the page around it (Chromium, Firefox),
  so the single file's policy is report.html's with ``script-src`` set to exactly the SHA-256 hashes
  of the map's inline scripts (:func:`clustergraph.maps.offline.inline_script_hashes`): the map's own
  scripts run in the frame, nothing else runs anywhere, and nothing is loaded from the network;
  report.html keeps its strict policy unchanged;
- the file stays within a size budget (:data:`SINGLE_FILE_BUDGET`, 10 MB: e-mail encodes an attachment
  in base64, a third larger, and many mail servers stop at 15-25 MB). When the full map would take it
  over, the map inside is the network grouped by region and actor type; when even that is too big,
  the map is left out. The page says which, and why, at the top of the map section;
- links to files that are not inside (map.html, the data files) are not links there: each says in
  place that the file is in the report folder.

>>> SINGLE_FILE
'report_single.html'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..formatting import fmt_int
from ..maps.offline import inline_script_hashes

#: File name of the single-file report (beside report.html in the report folder).
SINGLE_FILE = "report_single.html"
#: Default size budget of the single file, in bytes (10 MB; base64 in an e-mail makes it ~13.5 MB).
SINGLE_FILE_BUDGET = 10_000_000

#: The Content-Security-Policy of report.html: no script, nothing from the network.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'none'; "
    "script-src 'none'; base-uri 'none'; form-action 'none'"
)


def single_file_csp(script_hashes: Iterable[str]) -> str:
    """:data:`REPORT_CSP` with ``script-src`` allowing exactly ``script_hashes`` (``'sha256-...'``).

    >>> single_file_csp(["'sha256-AAAA'"]).split("; ")[5]
    "script-src 'sha256-AAAA'"
    >>> single_file_csp([]) == REPORT_CSP.replace("img-src data:", "img-src data:; font-src data:")
    True
    """
    hashes = " ".join(script_hashes) or "'none'"
    return REPORT_CSP.replace("img-src data:", "img-src data:; font-src data:").replace(
        "script-src 'none'", f"script-src {hashes}"
    )


def srcdoc_attribute(page: str) -> str:
    """``srcdoc="..."`` holding ``page``, quoted with whichever quote mark the page has fewer of.

    Only ``&`` and the chosen quote need escaping in an attribute value; the map's data is JSON, full
    of ``"``, so ``'`` usually wins and the page grows by a few bytes, not by a third.

    >>> srcdoc_attribute('<p class="a">x & y</p>')
    'srcdoc=\\'<p class="a">x &amp; y</p>\\''
    >>> srcdoc_attribute("<p title='it'>x</p>")
    'srcdoc="<p title=\\'it\\'>x</p>"'
    """
    quote = "'" if page.count("'") <= page.count('"') else '"'
    text = page.replace("&", "&amp;").replace(quote, "&#39;" if quote == "'" else "&quot;")
    return f"srcdoc={quote}{text}{quote}"


@dataclass(frozen=True)
class EmbeddedMap:
    """What the single file holds in place of the links to map.html.

    ``frame`` is the ``<iframe>`` (None when the map is left out), ``csp`` the page's policy,
    ``kind`` one of ``"full"``, ``"grouped"``, ``"none"``, ``note`` the sentence the map section
    starts with (what is inside, what was left out and why).
    """

    frame: Markup | None
    csp: str
    kind: str
    note: str


def embed(page: str | None, kind: str, note: str) -> EmbeddedMap:
    """The :class:`EmbeddedMap` of a self-contained map ``page`` (None: no map inside)."""
    if page is None:
        return EmbeddedMap(None, single_file_csp([]), kind, note)
    frame = Markup(
        '<iframe class="map-frame" title="Interactive map" sandbox="allow-scripts allow-downloads" '
        + srcdoc_attribute(page)
        + "></iframe>"
    )
    return EmbeddedMap(frame, single_file_csp(inline_script_hashes(page)), kind, note)


@dataclass(frozen=True)
class SingleFile:
    """The single-file report: its HTML, which map it holds (``kind``), its size and budget (bytes)."""

    html: str
    kind: str
    size: int
    budget: int

    @property
    def description(self) -> str:
        """Its line in the report's list of outputs."""
        what = {
            "full": "with the interactive map inside",
            "grouped": "with the map inside grouped by region and actor type (the full map is over the budget)",
            "none": "without the interactive map (over the budget even grouped)",
        }[self.kind]
        return (
            f"the report as one file to send by e-mail, {what}: {_mb(self.size)} of its {_mb(self.budget)} budget"
            + ("" if self.size <= self.budget else ", over it even without the map")
        )


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def single_file_page(
    render: Callable[[EmbeddedMap], str],
    full_map: Callable[[], str],
    grouped_map: Callable[[], str | None],
    *,
    actors: int,
    links: int,
    budget: int = SINGLE_FILE_BUDGET,
) -> SingleFile:
    """The single-file report within ``budget`` bytes: with the full map, else grouped, else none.

    Parameters
    ----------
    render : callable
        The report page for an :class:`EmbeddedMap` (:func:`clustergraph.report.page.render`).
    full_map, grouped_map : callable
        The self-contained explorer page of every actor, and of the network grouped by region and
        actor type (None when there is nothing to group); called only when needed.
    actors, links : int
        Of the full map (said in the note).
    budget : int
        Bytes (UTF-8) the file may take.

    Returns
    -------
    SingleFile
    """
    whole = f"{fmt_int(actors)} actors and {fmt_int(links)} links"
    outside = (
        "The data files (tables, graph files, report.xlsx) are not inside this file: "
        "they are in the report folder, beside report.html."
    )
    page = render(embed(full_map(), "full", f"The interactive map above holds all {whole}. {outside}"))
    size = len(page.encode("utf-8"))
    if size <= budget:
        return SingleFile(page, "full", size, budget)
    over = f"the map of all {whole} would make this file {_mb(size)}, over its {_mb(budget)} budget for e-mail"
    grouped = grouped_map()
    if grouped is not None:
        note = (
            f"The interactive map above shows the network grouped by region and actor type: {over}. "
            f"map.html in the report folder shows every actor. {outside}"
        )
        page = render(embed(grouped, "grouped", note))
        size = len(page.encode("utf-8"))
        if size <= budget:
            return SingleFile(page, "grouped", size, budget)
        over += f", and grouped {_mb(size)}"
    note = f"The interactive map is not inside this file: {over}. Open map.html in the report folder. {outside}"
    page = render(embed(None, "none", note))
    return SingleFile(page, "none", len(page.encode("utf-8")), budget)
