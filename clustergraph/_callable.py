"""Let a subpackage be called like a function.

``clustergraph.metrics`` is both the subpackage holding the metric modules and,
for notebook users, the function ``clustergraph.metrics(G)``. Importing a
submodule sets the parent's attribute to the submodule, so a plain function of
the same name would be overwritten; instead the module itself is made callable.
"""

from __future__ import annotations

import sys
import types


def make_module_callable(module_name: str, func_name: str) -> None:
    """Make ``sys.modules[module_name](...)`` call its attribute ``func_name``."""
    module = sys.modules[module_name]

    class _CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(self, func_name)(*args, **kwargs)

    module.__class__ = _CallableModule
