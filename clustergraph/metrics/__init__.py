"""Network metrics of the ecosystem: centrality, brokerage, structural holes,
critical mass and communities (issue 3)."""
