"""The Jinja2 environment of the map pages (templates in ``clustergraph/maps/templates``).

Autoescaping is on for every template: text from the data reaches the page
escaped unless a caller marks it :class:`markupsafe.Markup` (only the package's
own CSS/JavaScript files, checked by :func:`clustergraph.maps.offline.static_text`).
Written so that it can move into a module shared with the report: nothing in it
is specific to maps but the package name.

>>> environment().get_template("map.html.j2").name
'map.html.j2'
"""

from __future__ import annotations

import functools

import jinja2


@functools.lru_cache(maxsize=4)
def environment(package: str = "clustergraph.maps", folder: str = "templates") -> jinja2.Environment:
    """The cached autoescaping environment loading ``folder`` of ``package``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env


def render(name: str, **context) -> str:
    """Render the template ``name`` of the map package with ``context``."""
    return environment().get_template(name).render(**context)
