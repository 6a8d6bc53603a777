"""The report's words: section titles, "how to read this" notes and metric definitions.

Plain language for policy makers and cluster managers; kept apart from the
layout code so the wording can be reviewed (or translated) in one place. The
texts are fixed strings written by us (no user data), with HTML markup allowed.
"""

from __future__ import annotations

import re

#: How brokerage is counted, said wherever a brokerage number appears (report, terminal, README):
#: Gould & Fernandez's ordered two-step paths, as in actors_metrics.csv.
BROKERAGE_UNIT = (
    "counted as ordered paths, as in actors_metrics.csv: a pair of partners with no link between them "
    "counts once in each direction"
)

#: (anchor, heading) of every section, in page order.
SECTIONS: list[tuple[str, str]] = [
    ("glance", "The ecosystem at a glance"),
    ("map", "The network"),
    ("steps", "The four steps of each cluster organisation"),
    ("gaps", "Gaps and suggested partners"),
    ("who", "Who is in the ecosystem"),
    ("mixing", "Who works with whom"),
    ("brokers", "Brokers: who connects the ecosystem"),
    ("mass", "Critical mass by region and community"),
    ("regions", "Regions and countries"),
    ("time", "Change over time"),
    ("definitions", "Definitions of the measures"),
    ("data", "Data and method"),
]

HEADINGS: dict[str, str] = dict(SECTIONS)


def _words() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The entries of ``templates/report/words.html``: ``<template data-how=...>`` and ``data-term=...`` blocks."""
    from importlib.resources import files

    text = files("clustergraph").joinpath("templates/report/words.html").read_text(encoding="utf-8")
    how: dict[str, str] = {}
    terms: list[tuple[str, str]] = []
    for kind, key, body in re.findall(r'<template data-(how|term)="([^"]+)">(.*?)</template>', text, flags=re.S):
        if kind == "how":
            how[key] = body
        else:
            terms.append((key, body))
    return how, terms


#: "How to read this" note of each section, and (term, definition with reference) of the definitions
#: section: the wording lives in ``clustergraph/templates/report/words.html``.
HOW_TO_READ, DEFINITIONS = _words()

#: Plain names of the gap issues and fragile kinds found by clustergraph.gaps.
ISSUE_LABELS: dict[str, str] = {
    "no_education_partner": "no firm has an education partner",
    "untapped_education": "education provider not linked to firms",
    "no_government": "no government actor",
    "no_research": "no research actor",
    "no_cluster_org": "no cluster organisation",
    "isolated": "no link at all",
    "detached": "outside the main network",
    "pendant": "a single link",
    "single_broker": "depends on a single broker",
}
