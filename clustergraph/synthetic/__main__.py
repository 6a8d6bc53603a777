"""``python -m clustergraph.synthetic OUTDIR [--actors N --regions R --seed S]``: the entry point."""

from clustergraph.cli.synthetic import synthetic_cmd

synthetic_cmd(prog_name="python -m clustergraph.synthetic")
