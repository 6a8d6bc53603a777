"""Find what a person typed among ids, names and regions: one home for fuzzy matching.

Cluster managers think in names, not ids. Every option that asks for an actor
(``--ego``, ``--focus``, ``whatif --add``, ``--cluster-org``) or a region goes
through :func:`resolve_actor` or :func:`clustergraph.graph.check_region`, which
accept an id, an exact name, a name that is unique after case folding and
accent removal, or one that is unique ignoring also punctuation and the legal
form (``ammerland feinkost`` finds ``Ammerland Feinkost GmbH``; the rules are
:func:`clustergraph.names.name_key`), and otherwise raise an error naming the
candidates or the nearest match.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import networkx as nx

from .errors import InputError
from .names import fold, name_key

__all__ = ["fold", "name_key", "nearest", "resolve_actor", "resolve_actors"]


def nearest(text: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``text`` (difflib ratio on folded text), or None.

    Digit-letter look-alikes (``O``/``0``, ``l``/``1``) count as equal, so the
    typo ``1O1`` finds ``101``.

    >>> nearest("1O1", ["101", "202"]), nearest("navara", ["Navarra", "Bavaria"]), nearest("zz", ["a"])
    ('101', 'Navarra', None)
    """
    cands = list(dict.fromkeys(str(c) for c in candidates))
    if not cands:
        return None

    def key(s: str) -> str:
        return fold(s).translate(str.maketrans("oli", "011"))

    keyed: dict[str, str] = {}
    for c in cands:
        keyed.setdefault(key(c), c)
    hit = difflib.get_close_matches(key(text), list(keyed), n=1, cutoff=cutoff)
    return keyed[hit[0]] if hit else None


def resolve_actor(G: nx.Graph, text: str, *, what: str = "actor") -> str:
    """The node of ``G`` meant by ``text``: an id, an exact name, a unique folded name, or a name unique
    once punctuation and legal forms are ignored (:func:`clustergraph.names.name_key`).

    Raises
    ------
    InputError
        When nothing matches (with the nearest id or name) or a name is
        ambiguous (listing the candidates with their ids).

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("101", name="Café Uno"); G.add_node("102", name="Cafe Uno")
    >>> G.add_node("103", name="Acme")
    >>> G.add_node("104", name="Ammerland Feinkost GmbH")
    >>> resolve_actor(G, "101"), resolve_actor(G, "ACME"), resolve_actor(G, "Café Uno")
    ('101', '103', '101')
    >>> resolve_actor(G, "ammerland feinkost")
    '104'
    >>> try:
    ...     resolve_actor(G, "cafe uno AS")
    ... except InputError as exc:
    ...     print(str(exc).splitlines()[-1])
      - input: actor 'cafe uno AS' matches 2 actors: Café Uno (id 101); Cafe Uno (id 102); give the id
    """
    if text in G:
        return text
    stripped = str(text).strip()
    if stripped in G:
        return stripped
    exact = [n for n, name in G.nodes(data="name") if name is not None and str(name) == stripped]
    if len(exact) == 1:
        return exact[0]
    folded = fold(stripped)
    hits = exact or [n for n, name in G.nodes(data="name") if name is not None and fold(name) == folded]
    if not hits:
        hits = [n for n in G if fold(n) == folded]
    if not hits:
        key = name_key(stripped)
        hits = [n for n, name in G.nodes(data="name") if name is not None and key and name_key(name) == key]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        listed = "; ".join(f"{G.nodes[n].get('name', n)} (id {n})" for n in sorted(hits, key=str)[:10])
        raise InputError(f"{what} {stripped!r} matches {len(hits)} actors: {listed}; give the id")
    names = {str(name): n for n, name in G.nodes(data="name") if name is not None}
    guess = nearest(stripped, [str(n) for n in G] + list(names))
    hint = ""
    if guess is not None:
        hint = f"; did you mean {guess!r}?" if guess in G else f"; did you mean {guess!r} (id {names[guess]})?"
    raise InputError(f"{what} {stripped!r} not found (neither an id nor a name){hint}")


def resolve_actors(G: nx.Graph, texts: Sequence[str], *, what: str = "actor") -> list[str]:
    """:func:`resolve_actor` for each of ``texts``."""
    return [resolve_actor(G, t, what=what) for t in texts]
