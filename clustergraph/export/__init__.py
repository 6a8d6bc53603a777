"""Export stage: tables (CSV/JSON with the formula guard), graph files (GraphML/GEXF),
file names shared by the map command and the report, and atomic writes.
"""

from ..files.atomic import atomic_path, atomic_write, atomic_write_bytes, atomic_write_text
from .naming import map_file_name, region_map_files, slug
from .tables import FORMATS, json_safe, neutralise, parse_formats, records, safe_csv, write_gap_files, write_metrics

__all__ = [
    "atomic_path",
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "map_file_name",
    "region_map_files",
    "slug",
    "FORMATS",
    "json_safe",
    "neutralise",
    "parse_formats",
    "records",
    "safe_csv",
    "write_gap_files",
    "write_metrics",
]
