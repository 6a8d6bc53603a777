"""Input stage: read files into tables (:mod:`.read`), validate them into
canonical frames (:mod:`.validate`) and build the graph with its provenance
(:mod:`.loading`), as one :class:`LoadOptions` asks (:mod:`.options`). Nothing here prints: dropped rows and fixes are returned in
``G.graph["provenance"]`` and logged on the ``clustergraph`` logger.
"""

from __future__ import annotations

from .loading import LoadedTables, load, load_notices, load_tables, read_inputs
from .options import LoadOptions
from .read import EXCEL_SUFFIXES, MAX_INPUT_MB, MAX_LISTED, InputBudget, Table, read_table
from .validate import LoadReport, normalise_id, parse_number, parse_year, validate_actors, validate_links

__all__ = [
    "load",
    "load_tables",
    "LoadedTables",
    "LoadOptions",
    "load_notices",
    "read_inputs",
    "read_table",
    "Table",
    "InputBudget",
    "parse_number",
    "parse_year",
    "LoadReport",
    "normalise_id",
    "validate_actors",
    "validate_links",
    "EXCEL_SUFFIXES",
    "MAX_INPUT_MB",
    "MAX_LISTED",
]
