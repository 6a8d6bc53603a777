"""Safe files, the base every writing stage uses (``io``'s importers, ``export``, ``maps``, ``report``):
atomic writes (:mod:`.atomic`: a failed run never leaves half a file) and the spreadsheet formula
guard with the guarded CSV writer (:mod:`.guard`). Imports nothing of clustergraph but
:mod:`clustergraph.errors`.
"""

from .atomic import atomic_path, atomic_write, atomic_write_bytes, atomic_write_text
from .guard import CSV_DIALECTS, FORMULA_PREFIXES, neutralise, safe_csv

__all__ = [
    "atomic_path",
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "CSV_DIALECTS",
    "FORMULA_PREFIXES",
    "neutralise",
    "safe_csv",
]
