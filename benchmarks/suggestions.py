"""Held-out check of the partner suggestions (clustergraph.analysis.suggest).

Procedure, for each seed:

1. ``G = build_graph(*generate(N, seed=seed))``;
2. remove a random 20 % of the firm-education links (VET provider or
   university on one end, firm on the other): the *held-out* links;
3. for every firm that lost at least one link, ask for the top 5 suggestions
   on the reduced graph (candidates still tied to the firm are never
   suggested);
4. precision@5 = hits / 5 and recall@5 = hits / held-out links of the firm,
   averaged over these firms (macro); ``recovered`` = all hits / all held-out
   links (micro recall: the share of removed links found in a top 5).

Compared with: a random-candidate baseline (5 eligible candidates drawn
uniformly, averaged over 20 draws), a random same-region baseline (drawn from
the eligible candidates of the firm's region first), and score variants
(network only, no load penalty).

Usage::

    python benchmarks/suggestions.py                 # 2000 actors, seeds 1 2 3
    python benchmarks/suggestions.py --n 5000 --seeds 1 2
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import numpy as np
import pandas as pd

from clustergraph.analysis.suggest import DEFAULT_WEIGHTS, suggest_partners
from clustergraph.graph import build_graph
from clustergraph.schema import EDUCATION_TYPES
from clustergraph.synthetic import generate

TOP = 5
HOLDOUT = 0.2

VARIANTS = {
    "default weights": DEFAULT_WEIGHTS,
    "network only (AA)": {"network": 1.0, "popularity": 0.0, "topic": 0.0, "place": 0.0},
    "popularity only": {"network": 0.0, "popularity": 1.0, "topic": 0.0, "place": 0.0},
    "place + topic only": {"network": 0.0, "popularity": 0.0, "topic": 0.5, "place": 1.0},
}


def held_out_split(G, fraction: float, seed: int):
    """Remove ``fraction`` of the firm-education edges at random; return (G_reduced, held_out)."""
    types = dict(G.nodes(data="type"))
    fe = sorted(
        tuple(sorted((u, v)))
        for u, v in G.edges()
        if {types[u], types[v]} & EDUCATION_TYPES and "firm" in (types[u], types[v]) and types[u] != types[v]
    )
    rng = random.Random(seed)
    held = rng.sample(fe, int(round(fraction * len(fe))))
    H = G.copy()
    H.remove_edges_from(held)
    truth: dict[str, set] = {}
    for u, v in held:
        f, e = (u, v) if types[u] == "firm" else (v, u)
        truth.setdefault(f, set()).add(e)
    return H, truth, len(fe)


def score(picks: dict[str, list], truth: dict[str, set]) -> dict[str, float]:
    p, r, hits_all = [], [], 0
    for f, held in truth.items():
        hits = len(set(picks.get(f, [])) & held)
        hits_all += hits
        p.append(hits / TOP)
        r.append(hits / len(held))
    n_held = sum(len(h) for h in truth.values())
    return {"precision@5": float(np.mean(p)), "recall@5": float(np.mean(r)), "recovered": hits_all / n_held}


def random_picks(H, truth, rng: random.Random, same_region: bool) -> dict[str, list]:
    types = dict(H.nodes(data="type"))
    regions = dict(H.nodes(data="region"))
    cands = sorted(n for n, t in types.items() if t in EDUCATION_TYPES)
    picks = {}
    for f in sorted(truth):
        eligible = [c for c in cands if not H.has_edge(f, c)]
        if same_region:
            local = [c for c in eligible if regions.get(c) == regions.get(f)]
            rest = [c for c in eligible if regions.get(c) != regions.get(f)]
            chosen = rng.sample(local, min(TOP, len(local)))
            chosen += rng.sample(rest, TOP - len(chosen))
        else:
            chosen = rng.sample(eligible, TOP)
        picks[f] = chosen
    return picks


def run(n: int, seed: int, draws: int = 20) -> list[dict]:
    G = build_graph(*generate(n, seed=seed))
    H, truth, n_fe = held_out_split(G, HOLDOUT, seed)
    firms = sorted(truth)
    n_cands = sum(1 for _, t in G.nodes(data="type") if t in EDUCATION_TYPES)
    rows = []
    base = {
        "seed": seed,
        "actors": n,
        "firm_edu_links": n_fe,
        "held_out": sum(len(h) for h in truth.values()),
        "firms": len(firms),
        "candidates": n_cands,
        # best possible precision@5: a firm with h held-out links can have at most min(h, 5) hits
        "p@5 ceiling": float(np.mean([min(len(h), TOP) / TOP for h in truth.values()])),
    }
    for name, w in VARIANTS.items():
        t = time.perf_counter()
        df = suggest_partners(H, top=TOP, firms=firms, weights=w)
        secs = time.perf_counter() - t
        picks = df.groupby("firm")["candidate"].apply(list).to_dict()
        rows.append({**base, "method": name, **score(picks, truth), "seconds": round(secs, 2)})
    for name, same in (("random candidate", False), ("random, same region first", True)):
        rng = random.Random(seed + 10_000)
        runs = [score(random_picks(H, truth, rng, same), truth) for _ in range(draws)]
        rows.append(
            {**base, "method": name, **{k: float(np.mean([r[k] for r in runs])) for k in runs[0]}, "seconds": None}
        )
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="actors in the generated ecosystem")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = ap.parse_args(argv)
    rows = []
    for seed in args.seeds:
        rows += run(args.n, seed)
    df = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print(
        df[
            [
                "seed",
                "firms",
                "held_out",
                "candidates",
                "p@5 ceiling",
                "method",
                "precision@5",
                "recall@5",
                "recovered",
                "seconds",
            ]
        ]
        .round(3)
        .to_string(index=False)
    )
    print()
    summary = df.groupby("method", sort=False)[["precision@5", "recall@5", "recovered"]].agg(["mean", "std"])
    print(
        f"mean (std) over seeds {args.seeds}, {args.n} actors, {int(HOLDOUT * 100)}% of firm-education links held out:"
    )
    print(summary.round(3).to_string())
    print(f"precision@5 ceiling (most firms lost one link): {df['p@5 ceiling'].mean():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
