"""Regenerate tests/reference/brokerage_*.json: brokerage reference values computed from first principles.

Independent of clustergraph's code (no import of it): plain loops over ordered triples for the
counts, a line-by-line transcription of R ``sna::brokerage``'s moment formulas (sna 2.7, function
``brokerage``, quoted in :func:`sna_moments`) for directed z-scores, and exact
moments of the role counts obtained by enumerating every graph on a few actors (weighted by its
Bernoulli probability) for both null models. Run ``python tests/reference/make_brokerage.py``.
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).parent
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")


def role(ga, gv, gc) -> str:
    if ga == gv == gc:
        return "coordinator"
    if ga == gc:
        return "itinerant"
    if ga == gv:
        return "representative"
    if gv == gc:
        return "gatekeeper"
    return "liaison"


def counts(arcs: set, groups: list) -> list[list[int]]:
    """Role counts per actor: ordered two-paths a->v->c, a != c, no arc a->c (Gould & Fernandez 1989)."""
    n = len(groups)
    out = [[0] * 6 for _ in range(n)]
    for v in range(n):
        for a in range(n):
            for c in range(n):
                if len({a, v, c}) == 3 and (a, v) in arcs and (v, c) in arcs and (a, c) not in arcs:
                    out[v][ROLES.index(role(groups[a], groups[v], groups[c]))] += 1
                    out[v][5] += 1
    return out


def sna_moments(groups: list, n_arcs: int) -> tuple[list, list]:
    """E and V per actor, transcribed from sna::brokerage (Butts, sna 2.7):

    ebr[i,1]<-d^2*(1-d)*(n[i]-1)*(n[i]-2)
    vbr[i,1]<-ebr[i,1]*(1-d^2*(1-d))+2*(n[i]-1)*(n[i]-2)*(n[i]-3)*d^3*(1-d)^3
    ebr[i,2]<-d^2*(1-d)*sum(n[-i]*(n[-i]-1))
    vbr[i,2]<-ebr[i,2]*(1-d^2*(1-d))+ 2*sum(n[-i]*(n[-i]-1)*(n[-i]-2))*d^3*(1-d)^3
    ebr[i,3]<-d^2*(1-d)*(N-n[i])*(n[i]-1)
    vbr[i,3]<-ebr[i,3]*(1-d^2*(1-d))+ 2*((n[i]-1)*choose(N-n[i],2)+(N-n[i])*choose(n[i]-1,2))*d^3*(1-d)^3
    ebr[i,4]<-ebr[i,3]; vbr[i,4]<-vbr[i,3]
    ebr[i,5]<-d^2*(1-d)*(sum((n[-i])%o%(n[-i]))-sum(n[-i]^2))
    vbr[i,5]<-ebr[i,5]*(1-d^2*(1-d))+ 4*sum(n[-i]*choose(N-n[-i]-n[i],2)*d^3*(1-d)^3)
    ebr[i,6]<-d^2*(1-d)*(N-1)*(N-2)
    vbr[i,6]<-ebr[i,6]*(1-d^2*(1-d))+2*(N-1)*(N-2)*(N-3)*d^3*(1-d)^3
    """
    N = len(groups)
    d = n_arcs / (N * (N - 1))
    labels = sorted(set(groups))
    size = {g: groups.count(g) for g in labels}
    E, V = [], []
    for g in groups:
        ni = size[g]
        others = [size[h] for h in labels if h != g]
        p, q = d**2 * (1 - d), d**3 * (1 - d) ** 3
        e = [
            p * (ni - 1) * (ni - 2),
            p * sum(x * (x - 1) for x in others),
            p * (N - ni) * (ni - 1),
            p * (N - ni) * (ni - 1),
            p * (sum(x * y for x in others for y in others) - sum(x * x for x in others)),
            p * (N - 1) * (N - 2),
        ]
        v = [
            e[0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q,
            e[1] * (1 - p) + 2 * sum(x * (x - 1) * (x - 2) for x in others) * q,
            e[2] * (1 - p) + 2 * ((ni - 1) * math.comb(N - ni, 2) + (N - ni) * math.comb(ni - 1, 2)) * q,
            0.0,
            e[4] * (1 - p) + 4 * sum(x * math.comb(N - x - ni, 2) * q for x in others),
            e[5] * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q,
        ]
        v[3] = v[2]
        E.append(e)
        V.append(v)
    return E, V


def exact_moments(groups: list, d: Fraction, directed: bool) -> tuple[list, list]:
    """Exact E and V of every actor's role counts: sum over all graphs on the actors, each weighted
    by its probability under the Bernoulli model (every arc, or every undirected pair, present
    independently with probability d). Exact rational arithmetic."""
    n = len(groups)
    slots = list(itertools.permutations(range(n), 2)) if directed else list(itertools.combinations(range(n), 2))
    s1 = [[Fraction(0)] * 6 for _ in range(n)]
    s2 = [[Fraction(0)] * 6 for _ in range(n)]
    for mask in range(1 << len(slots)):
        present = [slots[i] for i in range(len(slots)) if mask >> i & 1]
        k = len(present)
        prob = d**k * (1 - d) ** (len(slots) - k)
        arcs = set(present) | (set() if directed else {(b, a) for a, b in present})
        for v, row in enumerate(counts(arcs, groups)):
            for j, x in enumerate(row):
                s1[v][j] += prob * x
                s2[v][j] += prob * x * x
    return [[float(x) for x in r] for r in s1], [[float(s2[v][j] - s1[v][j] ** 2) for j in range(6)] for v in range(n)]


def z(count, e, v):
    return None if v <= 0 else (count - e) / math.sqrt(v)


def main() -> None:
    # 1. sna's z-scores on a directed graph (the hand example of tests/test_brokerage.py)
    names = ["f1", "f2", "f3", "e1", "r1"]
    groups = ["F", "F", "F", "E", "R"]
    arc_names = [
        ("f1", "e1"),
        ("e1", "f2"),
        ("f2", "e1"),
        ("e1", "r1"),
        ("f1", "r1"),
        ("r1", "f1"),
        ("f2", "f3"),
        ("f3", "f1"),
    ]
    arcs = {(names.index(a), names.index(b)) for a, b in arc_names}
    c = counts(arcs, groups)
    E, V = sna_moments(groups, len(arcs))
    case_sna = {
        "checks": "directed brokerage counts and z-scores equal R sna::brokerage's formulas",
        "source": "counts: loop over ordered triples (Gould & Fernandez 1989); E, V: transcription of "
        "sna::brokerage (Butts, R package sna 2.7), see tests/reference/make_brokerage.py",
        "directed": True,
        "actors": dict(zip(names, groups)),
        "links": arc_names,
        "expected": {
            v: {r: c[i][j] for j, r in enumerate(ROLES)}
            | {f"{r}_z": z(c[i][j], E[i][j], V[i][j]) for j, r in enumerate(ROLES)}
            for i, v in enumerate(names)
        },
    }
    # 2. exact moments by enumeration: the null models themselves
    moment_cases = []
    for directed, grp, d in (
        (True, ["A", "A", "B", "C"], Fraction(3, 10)),
        (False, ["A", "A", "B", "B", "C"], Fraction(2, 5)),
    ):
        E, V = exact_moments(grp, d, directed)
        slots = len(grp) * (len(grp) - 1)
        moment_cases.append(
            {
                "checks": ("directed" if directed else "undirected")
                + " null model: expectation and variance of each role count equal the exact moments",
                "source": "exact enumeration of all "
                + str(2 ** (slots if directed else slots // 2))
                + " graphs on these actors, each weighted by its Bernoulli probability "
                "(tests/reference/make_brokerage.py, rational arithmetic)",
                "directed": directed,
                "groups": grp,
                "density": float(d),
                "n_arcs": float(d * slots),
                "expectation": E,
                "variance": V,
            }
        )
    (HERE / "brokerage_sna.json").write_text(json.dumps(case_sna, indent=1) + "\n", encoding="utf-8")
    (HERE / "brokerage_null_moments.json").write_text(json.dumps(moment_cases, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
