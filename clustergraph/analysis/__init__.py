"""Analysis stage: what a cluster manager acts on, computed from the graph (nothing printed).

- :mod:`.gaps`: firms and groups without an education partner, untapped and fragile actors;
- :mod:`.suggest`: ranked partner suggestions with a broker who can make the introduction;
- :mod:`.whatif`: before/after of planned links;
- :mod:`.summary`: counts by type, region, link type and scope;
- :mod:`.timeline`: the network as it stood at the end of a year, and year-by-year figures.
"""
