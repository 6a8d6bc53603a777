"""Time-split evaluation of the partner suggestions against simple baselines (issue 22).

Protocol (``time_split`` and ``evaluate``):

1. input = the projects starting up to year ``Y`` (their participations,
   projected onto links with the project's own projection) and the actors
   active up to ``Y`` (in at least one of those projects);
2. the firms asked about are the firms of the input without an education
   partner (the default of ``clustergraph gaps``; ``--all-firms``: every
   active firm);
3. truth = the (firm, education actor) pairs, both active up to ``Y``, that
   share no project up to ``Y`` and first share one after ``Y``;
4. every method names ``k`` (5) candidates per firm, never one already
   linked to it; ``hits`` = truth pairs named, ``recall`` = hits / truth
   pairs, ``firms hit`` = firms with at least one hit.

Baselines computed in the same run, on the same input:

- ``most-linked``: the ``k`` education actors with the most partners that the
  firm is not linked to (ties: id);
- ``Adamic-Adar``: :func:`networkx.adamic_adar_index` on the input graph,
  ties broken by the candidate's number of partners, then id;
- ``random same-region``: ``k`` candidates drawn from the firm's region
  first, then from anywhere; expected hits over ``DRAWS`` draws.

Data: the Norwegian development set (``--norway``, default
``/work/shared/data/norway-h2020``) cut at 2018, and generated time-split
ecosystems (:func:`clustergraph.synthetic.timesplit.timesplit_ecosystem`) cut
at 2018, read through the project's loaders from CSV files in a temporary
folder.

Usage::

    python benchmarks/advice.py                        # Norway 2018 + generated seeds 1-5
    python benchmarks/advice.py --seeds 1 2 3 4 5 --year 2019
    python benchmarks/advice.py --tune                 # grid search of the weights on seeds 11-18
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import platform
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from clustergraph.analysis.gaps import firm_gaps
from clustergraph.analysis.suggest import partner_features, rank_candidates, suggest_partners
from clustergraph.graph import build_graph
from clustergraph.io.loading import load
from clustergraph.projection import ProjectData, project_data, project_links
from clustergraph.schema import EDUCATION_TYPES
from clustergraph.synthetic.timesplit import timesplit_ecosystem

TOP = 5
DRAWS = 200
NORWAY = Path("/work/shared/data/norway-h2020")


@dataclass
class Split:
    """One time split: the input graph, the firms asked about and the later pairs."""

    graph: nx.Graph
    firms: list
    truth: dict  # firm -> set of education actors first partnered after the cut
    year: int


def _pairs(parts: pd.DataFrame, types: dict) -> set[tuple]:
    """(firm, education actor) pairs sharing a project in ``parts``."""
    out: set[tuple] = set()
    for members in parts.groupby("project", sort=False)["actor"]:
        actors = list(members[1])
        firms = [a for a in actors if types.get(a) == "firm"]
        edu = [a for a in actors if types.get(a) in EDUCATION_TYPES]
        out.update(itertools.product(firms, edu))
    return out


def time_split(G: nx.Graph, year: int, *, all_firms: bool = False) -> Split:
    """Cut a graph loaded from participations and dated projects at the end of ``year``.

    Parameters
    ----------
    G : networkx.Graph
        Loaded with ``participations`` and ``projects`` (``G.graph["projects"]``).
    year : int
        The last start year of the input.
    all_firms : bool
        Ask about every active firm, not only those without an education partner.

    Returns
    -------
    Split
    """
    data = project_data(G)
    if data is None:
        raise ValueError("the time split needs projects with start dates (load with participations and projects)")
    start = data.projects.drop_duplicates("id").set_index("id")["start_year"]
    parts = data.participations.assign(_y=data.participations["project"].map(start))
    before = parts[parts["_y"].notna() & (parts["_y"] <= year)].drop(columns="_y")
    after = parts[parts["_y"].notna() & (parts["_y"] > year)].drop(columns="_y")
    active = set(before["actor"])
    types = dict(G.nodes(data="type"))
    nodes = [n for n in G.nodes if n in active]
    actors = pd.DataFrame([{"id": n, **G.nodes[n]} for n in nodes])
    projects = data.projects[data.projects["start_year"].notna() & (data.projects["start_year"] <= year)]
    links = project_links(before, projects, method=data.projection)
    H = build_graph(actors, links)
    H.graph["projects"] = ProjectData(projects.reset_index(drop=True), before.reset_index(drop=True), data.projection)
    if all_firms:
        firms = sorted((n for n in H if types.get(n) == "firm"), key=str)
    else:
        firms = firm_gaps(H)["id"].tolist()
    asked = set(firms)
    known = _pairs(before, types)
    truth: dict = {}
    for f, e in sorted(_pairs(after, types) - known):
        if f in asked and e in active:
            truth.setdefault(f, set()).add(e)
    return Split(H, firms, truth, int(year))


# --------------------------------------------------------------------------- methods


def _candidates(H: nx.Graph) -> list:
    return sorted((n for n, t in H.nodes(data="type") if t in EDUCATION_TYPES), key=str)


def most_linked(H: nx.Graph, firms: list, k: int = TOP) -> dict:
    """The ``k`` education actors with most partners the firm is not linked to."""
    cands = sorted(_candidates(H), key=lambda c: (-H.degree(c), str(c)))
    return {f: [c for c in cands if c != f and not H.has_edge(f, c)][:k] for f in firms}


def adamic_adar(H: nx.Graph, firms: list, k: int = TOP) -> dict:
    """Adamic-Adar on the input graph, ties broken by the candidate's partners, then id."""
    cands = _candidates(H)
    out = {}
    for f in firms:
        eligible = [c for c in cands if c != f and not H.has_edge(f, c)]
        aa = {c: s for _, c, s in nx.adamic_adar_index(H, [(f, c) for c in eligible])}
        out[f] = sorted(eligible, key=lambda c: (-round(aa[c], 12), -H.degree(c), str(c)))[:k]
    return out


def random_same_region(H: nx.Graph, firms: list, k: int = TOP, *, rng: random.Random) -> dict:
    """``k`` candidates drawn from the firm's region first, then anywhere."""
    cands = _candidates(H)
    region = dict(H.nodes(data="region"))
    out = {}
    for f in firms:
        eligible = [c for c in cands if c != f and not H.has_edge(f, c)]
        local = [c for c in eligible if region.get(c) == region.get(f)]
        rest = [c for c in eligible if region.get(c) != region.get(f)]
        pick = rng.sample(local, min(k, len(local)))
        out[f] = pick + rng.sample(rest, min(k - len(pick), len(rest)))
    return out


def clustergraph_picks(H: nx.Graph, firms: list, k: int = TOP, weights: dict | None = None) -> dict:
    """The top ``k`` of :func:`clustergraph.analysis.suggest.suggest_partners`."""
    df = suggest_partners(H, top=k, firms=firms, weights=weights)
    return {f: list(g.sort_values("rank")["candidate"]) for f, g in df.groupby("firm", sort=False)}


def evaluate(picks: dict, truth: dict) -> dict:
    """Hits, recall and firms hit of ``picks`` (firm -> candidates) against ``truth``."""
    n_truth = sum(len(t) for t in truth.values())
    hits = {f: len(set(picks.get(f, [])) & t) for f, t in truth.items()}
    total = sum(hits.values())
    return {
        "hits": total,
        "truth": n_truth,
        "recall": total / n_truth if n_truth else float("nan"),
        "firms_hit": sum(1 for h in hits.values() if h),
    }


def run_split(split: Split, *, name: str, seed: int = 0, weights: dict | None = None) -> list[dict]:
    """Every method on one split; rows of the table."""
    H, firms, truth = split.graph, split.firms, split.truth
    base = {"data": name, "year": split.year, "firms": len(firms), "truth_firms": len(truth)}
    rows = [
        {**base, "method": "clustergraph", **evaluate(clustergraph_picks(H, firms, weights=weights), truth)},
        {**base, "method": "most-linked", **evaluate(most_linked(H, firms), truth)},
        {**base, "method": "Adamic-Adar", **evaluate(adamic_adar(H, firms), truth)},
    ]
    rng = random.Random(seed + 7)
    draws = [evaluate(random_same_region(H, firms, rng=rng), truth) for _ in range(DRAWS)]
    rows.append(
        {**base, "method": "random same-region", **{k: float(np.mean([d[k] for d in draws])) for k in draws[0]}}
    )
    return rows


# --------------------------------------------------------------------------- data


def load_norway(folder: Path = NORWAY) -> nx.Graph:
    """The Norwegian development set through the project's loaders."""
    return load(folder / "actors.csv", participations=folder / "participations.csv", projects=folder / "projects.csv")


def load_generated(seed: int, n_actors: int = 700) -> nx.Graph:
    """A generated time-split ecosystem, written to CSV and read back with the project's loaders."""
    actors, parts, projects = timesplit_ecosystem(n_actors, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        a, p, j = (Path(tmp) / f for f in ("actors.csv", "participations.csv", "projects.csv"))
        actors.to_csv(a, index=False)
        parts.to_csv(p, index=False)
        projects.to_csv(j, index=False)
        return load(a, participations=p, projects=j)


def tune(seeds: list[int], year: int, n_actors: int) -> pd.DataFrame:
    """Grid search of the score weights on generated splits (never on Norway); best first."""
    runs = []
    for seed in seeds:
        split = time_split(load_generated(seed, n_actors), year)
        cands = sorted((n for n, t in split.graph.nodes(data="type") if t in EDUCATION_TYPES), key=str)
        runs.append((split, cands, partner_features(split.graph, split.firms, cands)))
    grid = {
        "network": [0.1, 0.25, 0.5, 1.0, 2.0],
        "popularity": [1.0],
        "topic": [0.0, 0.25, 0.5],
        "place": [0.0, 0.1, 0.25, 0.5],
    }
    rows = []
    for values in itertools.product(*grid.values()):
        w = dict(zip(grid, values))
        hits = 0
        for split, cands, feat in runs:
            order = rank_candidates(feat, w, TOP)[0]
            picks = {f: [cands[j] for j in order[i]] for i, f in enumerate(split.firms)}
            hits += evaluate(picks, split.truth)["hits"]
        rows.append({**w, "hits": hits})
    return pd.DataFrame(rows).sort_values("hits", ascending=False, kind="stable")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--norway", type=Path, default=NORWAY, help="folder of the Norwegian development set")
    ap.add_argument("--year", type=int, default=2018, help="last start year of the input")
    ap.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[1, 2, 3, 4, 5],
        help="generated ecosystems (not those the weights were tuned on)",
    )
    ap.add_argument("--n", type=int, default=700, help="actors per generated ecosystem")
    ap.add_argument("--all-firms", action="store_true", help="ask about every active firm")
    ap.add_argument("--tune", action="store_true", help="grid search of the weights on seeds 11-18")
    args = ap.parse_args(argv)
    pd.set_option("display.width", 200)
    if args.tune:
        print(tune(list(range(11, 19)), args.year, args.n).head(15).to_string(index=False))
        return 0
    rows = []
    if (args.norway / "actors.csv").exists():
        rows += run_split(time_split(load_norway(args.norway), args.year, all_firms=args.all_firms), name="Norway")
    for seed in args.seeds:
        split = time_split(load_generated(seed, args.n), args.year, all_firms=args.all_firms)
        rows += run_split(split, name=f"generated seed {seed}", seed=seed)
    df = pd.DataFrame(rows)
    gen = df[df["data"].str.startswith("generated")]
    if len(gen):
        total = gen.groupby("method", sort=False)[["hits", "truth", "firms_hit"]].sum().reset_index()
        total["recall"] = total["hits"] / total["truth"]
        df = pd.concat([df, total.assign(data="generated (sum)", year=args.year)], ignore_index=True)
    cols = ["data", "year", "firms", "truth_firms", "method", "hits", "truth", "recall", "firms_hit"]
    print(f"# {datetime.date.today()} {platform.node()} top-{TOP}, cut at {args.year}")
    print(df[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
