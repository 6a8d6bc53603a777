"""One Jinja2 environment for every HTML page clustergraph writes (report, maps, a local app).

Templates live in ``clustergraph/templates/`` (package data), one folder per
page family (``report/`` ...). Autoescaping is on for ``.html``, ``.htm``,
``.xml`` and ``.svg`` templates: every value a template prints is escaped
unless it is :class:`markupsafe.Markup` (fixed texts written by us, SVG made
by matplotlib). Files included verbatim (``{% include "report/report.css" %}``)
keep their text: a style sheet or a script is inlined into an offline page.

>>> render("report/macros.html").strip()
''
>>> environment().from_string("{{ x }}").render(x="<b>")  # template strings are autoescaped too
'&lt;b&gt;'
>>> environment().get_template("report/macros.html").module.how("<em>x</em>").strip().startswith("<aside")
True
"""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """The shared environment: :class:`jinja2.PackageLoader` on ``clustergraph/templates``, autoescaped.

    Undefined names raise (:class:`jinja2.StrictUndefined`), so a template never prints an
    empty string for a value it was not given.
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("clustergraph", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "svg"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, /, **context) -> str:
    """Render the template ``name`` (e.g. ``"report/page.html"``) with ``context``."""
    return environment().get_template(name).render(**context)
