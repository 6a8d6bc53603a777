"""The report's words: section titles, "how to read this" notes and metric definitions.

Plain language for policy makers and cluster managers; kept apart from the
layout code so the wording can be reviewed (or translated) in one place. The
texts are fixed strings written by us (no user data), with HTML markup allowed.
"""

from __future__ import annotations

#: How brokerage is counted, said wherever a brokerage number appears (report, terminal, README):
#: Gould & Fernandez's ordered two-step paths, as in actors_metrics.csv.
BROKERAGE_UNIT = (
    "counted as ordered paths, as in actors_metrics.csv: a pair of partners with no link between them "
    "counts once in each direction"
)

#: (anchor, heading) of every section, in page order.
SECTIONS: list[tuple[str, str]] = [
    ("glance", "The ecosystem at a glance"),
    ("map", "The network"),
    ("steps", "The four steps of each cluster organisation"),
    ("gaps", "Gaps and suggested partners"),
    ("who", "Who is in the ecosystem"),
    ("mixing", "Who works with whom"),
    ("brokers", "Brokers: who connects the ecosystem"),
    ("mass", "Critical mass by region and community"),
    ("regions", "Regions and countries"),
    ("time", "Change over time"),
    ("definitions", "Definitions of the measures"),
    ("data", "Data and method"),
]

HEADINGS: dict[str, str] = dict(SECTIONS)

#: "How to read this" note of each section.
HOW_TO_READ: dict[str, str] = {
    "glance": (
        "An <em>actor</em> is an organisation: a firm, a vocational education and training (VET) "
        "provider, a university, a research and technology organisation (RTO), a government body, "
        "the cluster organisation, or another organisation such as a hospital, a chamber of commerce, a "
        "foundation or an NGO (<em>other</em>: the civil-society helix). A <em>link</em> is any recorded "
        "working relationship between two "
        "actors (a project, training, supply, membership ...). Density is the share of all possible "
        "pairs of actors that are linked: it is naturally low in large ecosystems, so compare regions "
        "or years rather than reading it alone. The key findings below are computed from the data; "
        "check them against what you know of the ecosystem."
    ),
    "map": (
        "Each dot is an actor, coloured by type and sized by how much it brokers between others; "
        "lines are links. Actors close together share many partners; the big dots hold the network "
        "together. The interactive map (<code>map.html</code>, beside this report) shows the same "
        "picture: drag to move, scroll to zoom, hover or click a dot for its details. The region maps "
        "show one region with the partners it has elsewhere. The maps need no internet connection."
    ),
    "steps": (
        "The ECCP discussion paper on skills through clusters (Wilson 2020) asks cluster organisations to "
        "act in four steps: <em>broaden participation</em> (bring VET providers and universities in and "
        "connect member firms with them), <em>develop services</em> (training, curriculum and internship "
        "services), <em>engage regionally</em> (regional government, other clusters, research) and "
        "<em>connect internationally</em>. Each indicator is counted from the recorded links of the "
        "cluster organisation and of its <em>members</em> (the firms linked to it); see the definitions. "
        "Below the table: concrete links that would move each step, with the value before and after "
        "(a what-if on a copy of the network)."
    ),
    "who": (
        "The bars show how many actors of each type every region has. Clusters meet skills needs "
        "through <em>critical mass</em>: enough firms, education and research providers and public "
        "bodies working together. A region with many firms and few or no education providers depends "
        "on skills produced elsewhere. The table marks which parts of the <em>triple helix</em> "
        "(industry, education and research, government) and which cluster organisation each region has."
    ),
    "mixing": (
        "Each cell counts the links between two types of actor; darker cells hold more links. Read the "
        "<em>Firm</em> row: strong cells towards VET providers and universities mean firms work with "
        "skills providers; an empty or pale cell is a missing bridge. The tables count links by their "
        "kind and by their reach (within a region, national, international)."
    ),
    "brokers": (
        "A <em>broker</em> connects two actors that are not linked to each other, such as a cluster "
        "organisation that introduces a firm to a training provider. Brokers hold the ecosystem "
        "together, and the ecosystem depends on them: if one leaves, others may lose their only bridge. "
        "The roles say between whom an actor brokers (see the definitions). The second chart shows "
        "how many partners actors have: most have a few, a handful have many."
    ),
    "mass": (
        "One row per region and per community. A <em>community</em> is a group of actors more linked "
        "with each other than with the rest, found from the links alone; it often matches a value "
        "chain or a sub-cluster across regions; it is named after its most common region. <em>Helix "
        "complete</em> means the group has a firm, an education provider, a research actor and a "
        "government actor that work with each other. The E-I index runs from -1 (all "
        "links stay inside the group) to +1 (all links go outside): both extremes deserve a look."
    ),
    "gaps": (
        "These are the places to act on first. <em>Firms without an education partner</em> have no "
        "direct link to a VET provider or university; they are listed neediest first: per region, those "
        "with no education partner even two steps away first, then the most isolated. Each has its best "
        "introduction (ranked on shared partners, same region and same sector) and who could make it: "
        "conversation starters for the cluster manager, not verdicts. A suggestion with a score of zero "
        "or less, or with nobody to make the introduction, is not shown. <em>Fragile actors</em> have no "
        "link, or reach the network only through one actor other than a cluster organisation; hanging "
        "off the cluster organisation is what members do, so it is counted once, as the organisation's "
        "<em>load</em>. The full lists are in <code>gaps.csv</code> and <code>suggestions.csv</code>."
    ),
    "regions": (
        "Where the links of each region go. The heat maps count the links between each pair of regions and "
        "of countries (darker = more); the diagonal holds the links inside one region or country. With many "
        "countries, those with the fewest links are merged into <em>others</em>. The tables list each "
        "region's partners in another country, and the small charts show how many new links each region "
        "made every year (when the links carry a year)."
    ),
    "time": (
        "When links carry a year, the ecosystem can be followed over time: a link counts from the first "
        "year it was recorded, and an actor is <em>active</em> from its first link. The bars show the "
        "new links of each year; the line shows the share of active firms that have an education "
        "partner. The table gives the same figures year by year."
    ),
    "definitions": (
        "The measures follow the social network analysis literature; the references are given with "
        "each definition. All measures are computed from the links in the input files only: an "
        "actor's real relationships may be richer than what was recorded."
    ),
    "data": (
        "What this report was made from, so that it can be checked and reproduced: the input files "
        "with their checksums (SHA-256: any change to a file changes it), how many rows were read and "
        "kept, and any row that was dropped or corrected. The files listed under <em>Outputs</em> sit "
        "beside this report and open in a spreadsheet or a network tool (Gephi, R, Python)."
    ),
}

#: (term, definition with reference) shown in the definitions section.
DEFINITIONS: list[tuple[str, str]] = [
    (
        "Degree (partners)",
        "The number of links an actor has: its distinct partners. With directed links (<code>--directed</code>) "
        "incoming plus outgoing links, so a partner linked both ways counts twice.",
    ),
    (
        "Density",
        "Links present divided by the links possible between the actors: 1 would mean everyone is linked to everyone.",
    ),
    (
        "Betweenness centrality",
        "How often an actor lies on the shortest path between two others, scaled 0-1 (the share of the "
        "pairs' shortest paths that pass through it, divided by the number of pairs; with directed links, "
        "paths follow the arrows). Link weights are not used. Above 20,000 actors it is estimated from "
        "a sample of actors (<code>metrics.json</code> records it). High values mark actors that much of the network's flow "
        "passes through. Freeman, L.C. (1977). A set of measures of centrality based on betweenness. "
        "<cite>Sociometry</cite> 40(1): 35-41.",
    ),
    (
        "PageRank",
        "An actor is important when it is linked to important actors: the share of time a walker spends "
        "at the actor when it follows links (more often the heavier ones; with directed links, along the "
        "arrows) and, 15 % of the time, jumps to any actor. Brin, S. and Page, L. (1998). The "
        "anatomy of a large-scale hypertextual web search engine. <cite>Computer Networks</cite> 30: 107-117.",
    ),
    (
        "Brokerage roles",
        "An actor <em>brokers</em> when it links two actors that are not linked to each other. With actors "
        "grouped by type, each brokered pair is one of five roles: <strong>coordinator</strong> (all three "
        "of the same type), <strong>itinerant</strong> (the two ends of the same type, the broker of "
        "another), <strong>representative</strong> (the broker speaks for its own type towards another "
        "type), <strong>gatekeeper</strong> (the broker lets another type into its own type) and "
        "<strong>liaison</strong> (three different types). Every brokerage number in this report, the "
        "terminal and actors_metrics.csv counts <em>ordered</em> two-step paths a-v-c with no link a-c: in an "
        "undirected network each pair of partners with no link between them counts twice, once from each "
        "end. The <em>z-scores</em> in "
        "<code>actors_metrics.csv</code> compare a count with what links placed at random (at the same density, with the same groups) would give: above 2 is "
        "clearly more brokerage than chance. Gould, R.V. and Fernandez, R.M. (1989). "
        "Structures of mediation: a formal approach to brokerage in transaction networks. "
        "<cite>Sociological Methodology</cite> 19: 89-126.",
    ),
    (
        "Structural holes",
        "Effective size (how many non-redundant partners an actor has) and constraint (how much an "
        "actor's partners are tied to each other), from links without their weights (with directed links, "
        "a partner linked both ways weighs twice). Burt, R.S. (1992). <cite>Structural Holes</cite>. "
        "Harvard University Press; Borgatti, S.P. (1997). Structural holes: unpacking Burt's redundancy "
        "measures. <cite>Connections</cite> 20(1): 35-38.",
    ),
    (
        "Community",
        "A group of actors more densely linked with each other than with the rest, found with the Leiden "
        "method (fixed seed, so the same data give the same communities). Traag, V.A., Waltman, L. and van Eck, "
        "N.J. (2019). From Louvain to Leiden: guaranteeing well-connected communities. <cite>Sci. Rep.</cite> 9: 5233.",
    ),
    (
        "E-I index",
        "(external links - internal links) / all links of a group: -1 when a group only links inside, +1 "
        "when it only links outside. Krackhardt, D. and Stern, R.N. (1988). Informal networks and "
        "organizational crises. <cite>Social Psychology Quarterly</cite> 51(2): 123-140.",
    ),
    (
        "Triple helix / helix complete",
        "Industry, education and research, and government working together. A group is <em>helix "
        "complete</em> when it holds at least one firm, one education provider (VET or university), one "
        "research actor (RTO or university) and one government actor, and each of these four strands has "
        "a member linked, inside the group, to a member of another strand. Etzkowitz, H. and Leydesdorff, L. "
        "(2000). The dynamics of innovation. <cite>Research Policy</cite> 29(2): 109-123.",
    ),
    (
        "Firms with an education partner",
        "The share of firms with at least one direct link to a VET provider or a university: the first "
        "measure of the policy step <em>broaden participation</em> of Wilson, J. (2020). Supporting "
        "skills for industry through clusters. European Cluster Collaboration Platform, Discussion Paper 1.",
    ),
    (
        "Fragile actor",
        "An actor with no link, outside the main network, or reaching the core of the network only "
        "through one other actor (its broker) that is not a cluster organisation: losing that one tie cuts "
        "it off. Actors that reach the network only through a cluster organisation are that "
        "organisation's <em>load</em>, reported as one line per cluster organisation.",
    ),
    (
        "Suggested partner",
        "An education provider not yet linked to a firm, ranked by the partners they already share "
        "(resource allocation index), same region and same sector, with a small penalty for providers "
        "that already serve many firms. Liben-Nowell, D. and Kleinberg, J. (2007). The link-prediction "
        "problem for social networks. <cite>JASIST</cite> 58(7): 1019-1031.",
    ),
    (
        "The four steps (per cluster organisation)",
        "From Wilson, J. (2020), Supporting skills for industry through clusters, ECCP Discussion Paper 1. "
        "<em>Members</em> are the firms linked to the cluster organisation; <em>education</em> actors are "
        "VET providers and universities. <strong>Broaden participation</strong>: member firms; VET providers "
        "and universities linked to the cluster organisation; those linked to at least one member; the "
        "share of members with a direct education partner. <strong>Develop services</strong>: links of the "
        "cluster organisation of kind training, curriculum or internship. <strong>Engage regionally</strong>: "
        "government actors of its region, other cluster organisations and RTOs linked to it. <strong>Connect "
        "internationally</strong>: international links of the cluster organisation and its members; distinct "
        "partners in another country linked to it or to a member; cluster organisations in another country "
        "linked to it. With years on the links, each is also computed on the network as it was at the end "
        "of each year (steps.csv).",
    ),
    (
        "Link scope",
        "<em>Regional</em>: both actors in the same region; <em>national</em>: same country, different "
        "regions; <em>international</em>: different countries; taken from the links file when given.",
    ),
]

#: Plain names of the gap issues and fragile kinds found by clustergraph.gaps.
ISSUE_LABELS: dict[str, str] = {
    "no_education_partner": "no firm has an education partner",
    "untapped_education": "education provider not linked to firms",
    "no_government": "no government actor",
    "no_research": "no research actor",
    "no_cluster_org": "no cluster organisation",
    "isolated": "no link at all",
    "detached": "outside the main network",
    "pendant": "a single link",
    "single_broker": "depends on a single broker",
}
