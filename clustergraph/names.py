"""Organisation names and identifiers as matching keys: one home for every stage that compares them.

A cluster's member list, CORDIS and Erasmus+ write one organisation in many
ways: ``Ammerland Feinkost GmbH``, ``AMMERLAND FEINKOST``, ``Ulstein Verft AS``
and ``ulstein verft asa``, ``Møre & Romsdal`` and ``More og Romsdal``. The
functions here turn a name into a key that is equal for all of these:

- :func:`fold`: case, accents and spaces (``ø`` -> ``o``, ``ß`` -> ``ss``);
- :func:`name_key`: also punctuation, ``&``/``and``/``og``/``und``/``och``/``et``,
  runs of single letters (``A/S`` -> ``as``, ``e.V.`` -> ``ev``) and the legal
  form at either end (:data:`LEGAL_FORMS`: AS, ASA, A/S, GmbH, AG, e.V., S.L.,
  S.A., SRL, Ltd, Oy, AB, BV, NV ...);
- :func:`identifier_key`: an organisation number, VAT number or PIC without
  spaces, dots, dashes, a country prefix (``NO``, ``DE``) or the Norwegian
  ``MVA`` suffix;
- :func:`cluster_evidence`: whether a name says the organisation is a cluster
  organisation, in the languages of the European data (cluster, klynge,
  kluster, klaster, clúster, clusterul, pôle de compétitivité, distretto
  tecnologico, Clustermanagement, innovation network ...).

This module is at the bottom of the package: it imports nothing of clustergraph,
so io, lookup and the combining of sources all use the same rules.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters that NFKD does not decompose into an ASCII base letter.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def fold(text: object) -> str:
    """``text`` lower-cased, without accents and with spaces collapsed (for matching only).

    >>> fold("  Møre og  ROMSDAL "), fold("País Vasco")
    ('more og romsdal', 'pais vasco')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text).translate(_FOLD))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    return " ".join(ascii_text.casefold().split())


#: Legal forms removed from either end of a name (folded, as token sequences after :func:`name_key`'s
#: punctuation rules: ``A/S`` is ``as``, ``S.L.`` is ``sl``, ``Sp. z o.o.`` is ``sp zoo``).
LEGAL_FORMS: tuple[str, ...] = (
    # Nordic
    "as", "asa", "aps", "a/s", "ans", "da", "sa", "ba", "iks", "kf", "sf", "stiftelse", "ab", "ab publ", "publ",
    "hb", "kb", "oy", "oyj", "ry", "ky", "ehf", "hf", "ohf", "ses", "smba", "amba", "is",
    "aksjeselskap", "allmennaksjeselskap", "aktiebolag", "aktiebolaget", "osakeyhtio",
    # German-speaking
    "gmbh", "ag", "kg", "ohg", "ug", "ev", "eg", "se", "kgaa", "gbr", "mbh", "gmbh co kg", "gmbh co", "co kg",
    "ag co kg", "aktiengesellschaft", "gesellschaft mbh", "eingetragener verein", "gemeinnutzige gmbh", "ggmbh",
    # Dutch, Belgian
    "bv", "nv", "vof", "cv", "vzw", "asbl", "bvba", "sprl", "cvba", "scrl",
    # Romance
    "sl", "sa", "slu", "sau", "sll", "scoop", "s coop", "srl", "spa", "sas", "sarl", "sasu", "eurl", "sca", "snc",
    "scarl", "scrl", "soc coop", "lda", "sgps", "sociedad limitada", "sociedad anonima", "societa a responsabilita limitata",
    # English
    "ltd", "limited", "plc", "llp", "llc", "inc", "incorporated", "corp", "co", "cic", "clg",
    # Central and eastern Europe, Baltic
    "sp zoo", "sp z oo", "sa", "sro", "spol sro", "as", "doo", "dd", "ad", "ead", "ood", "kft", "zrt", "nyrt", "bt",
    "ou", "sia", "uab", "ab", "srl", "sa", "ike", "ae", "epe", "oe",
)  # fmt: skip
#: Words for "and" that are dropped (``&`` too).
CONNECTORS = frozenset({"and", "og", "und", "och", "et", "ja", "y", "e", "en", "i"})

_FORMS_BY_LENGTH: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(f.replace("/", "").split()) for f in LEGAL_FORMS}, key=len, reverse=True)
)
_PUNCT = re.compile(r"[^\w\s]|_")


def name_tokens(name: object, *, legal_form: bool = False) -> list[str]:
    """The words of ``name`` as :func:`name_key` compares them (``legal_form=True`` keeps the legal form).

    >>> name_tokens("Brattvåg Marine, Design & Engineering A/S")
    ['brattvag', 'marine', 'design', 'engineering']
    """
    text = fold(name).replace("&", " and ").replace("+", " and ")
    text = _PUNCT.sub(" ", text)
    tokens: list[str] = []
    run: list[str] = []
    for tok in text.split():
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            tokens.append("".join(run) if len(run) > 1 else run[0])
            run = []
        tokens.append(tok)
    if run:
        tokens.append("".join(run) if len(run) > 1 else run[0])
    tokens = [t for t in tokens if t not in CONNECTORS]
    if legal_form:
        return tokens
    return _strip_forms(tokens)


def _strip_forms(tokens: list[str]) -> list[str]:
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for form in _FORMS_BY_LENGTH:
            n = len(form)
            if len(tokens) > n and tuple(tokens[-n:]) == form:
                tokens = tokens[:-n]
                changed = True
                break
            if len(tokens) > n and tuple(tokens[:n]) == form and n == 1 and form[0] in _LEADING:
                tokens = tokens[n:]
                changed = True
                break
    return tokens


#: Legal forms also written before the name (``AS Tallinna Vesi``, ``Oy Ab``).
_LEADING = frozenset({"as", "ab", "oy", "sia", "uab", "ou", "ad"})


def name_key(name: object) -> str:
    """``name`` as a matching key: folded, without punctuation, connectors and legal form.

    >>> name_key("Ammerland Feinkost GmbH") == name_key("AMMERLAND FEINKOST") == "ammerland feinkost"
    True
    >>> name_key("Ulstein Verft A/S"), name_key("Møre & Romsdal Fylkeskommune"), name_key("Pôle Mer S.A.S.")
    ('ulstein verft', 'more romsdal fylkeskommune', 'pole mer')
    >>> name_key("Stiftelsen SINTEF") == name_key("stiftelsen sintef"), name_key("AS")
    (True, 'as')
    """
    return " ".join(name_tokens(name))


_ID_JUNK = re.compile(r"[\s.\-_/]")
_COUNTRY_PREFIX = re.compile(r"^[A-Z]{2}(?=[0-9A-Z]*[0-9])")


def identifier_key(value: object) -> str:
    """An organisation number, VAT number or PIC as a key: upper case, without spaces, dots, dashes,
    a leading country code or the Norwegian ``MVA``; ``""`` for an empty or non-identifier value.

    >>> identifier_key("NO 923 609 016 MVA"), identifier_key("923609016"), identifier_key("DE-123.456.789")
    ('923609016', '923609016', '123456789')
    >>> identifier_key("FI 1234567-8"), identifier_key("n/a"), identifier_key(" 999 990 001 ")
    ('12345678', '', '999990001')
    """
    if value is None:
        return ""
    text = fold(value).upper()
    if re.fullmatch(r"[0-9]+\.0+", text):  # a number as a spreadsheet writes it
        text = text.split(".")[0]
    text = _ID_JUNK.sub("", text)
    if text.endswith("MVA"):
        text = text[:-3]
    text = _COUNTRY_PREFIX.sub("", text)
    if len(text) < 4 or not any(c.isdigit() for c in text):
        return ""
    return text


#: Words saying an organisation is a cluster organisation (folded text; compounds too:
#: ``Energiecluster``, ``Energiklyngen``).
CLUSTER_WORDS = re.compile(
    r"cluster|klynge|kluster|klaster|klastr|klaszter|klusteri|klusterra|"
    r"\bpoles? de competitivite\b|\bpolo de competitividad(e)?\b|\bdistretto (tecnologico|produttivo)\b|"
    r"\bagrupacion empresarial innovadora\b|\binnovation network\b|\binnovationsnetzwerk|\bkompetenznetz|"
    r"^(nce|gce|arena) "
)
#: Cluster words that name the organisation that runs a cluster, trusted even for a firm
#: (``IT'S OWL Clustermanagement GmbH``) or a public body.
CLUSTER_STRONG = re.compile(
    r"clustermanagement|cluster management|cluster organi[sz]ation|klyngeorganisasjon|klyngeorganisation|"
    r"klyngeledelse|klusterorganisation|\bpoles? de competitivite\b|\bdistretto tecnologico\b|"
    r"\bagrupacion empresarial innovadora\b|\bpolo de competitividad(e)?\b|^(nce|gce) |"
    r"cluster (association|asociacion|verein|forening|society)|(asociacion|association|verein|forening) .*cluster|"
    r"clusterul|\bcluster(s)? (of|for|de|del|di|du)\b"
)


def cluster_evidence(name: object) -> str | None:
    """``"strong"`` when ``name`` names a cluster organisation (``Clustermanagement``, ``pôle de
    compétitivité``, ``distretto tecnologico``, ``Clusterul ...``), ``"weak"`` when it merely has a
    cluster word (``Basque Energy Cluster``, ``Energiklyngen``), else None.

    >>> cluster_evidence("IT'S OWL CLUSTERMANAGEMENT GMBH"), cluster_evidence("Klyngen Ocean Tech")
    ('strong', 'weak')
    >>> cluster_evidence("DISTRETTO TECNOLOGICO AEROSPAZIALE DELLA CAMPANIA"), cluster_evidence("Nordic Steel AS")
    ('strong', None)
    """
    folded = fold(name)
    if CLUSTER_STRONG.search(folded):
        return "strong"
    if CLUSTER_WORDS.search(folded):
        return "weak"
    return None


#: Country names the ISO table does not know under that spelling.
_COUNTRY_ALIASES = {
    "turkey": "TR",
    "the netherlands": "NL",
    "holland": "NL",
    "kosovo": "XK",
    "great britain": "UK",
    "england": "UK",
    "scotland": "UK",
    "wales": "UK",
    "northern ireland": "UK",
    "norge": "NO",
    "tyskland": "DE",
    "spania": "ES",
    "spanien": "ES",
    "frankrike": "FR",
    "frankreich": "FR",
    "nederland": "NL",
    "niederlande": "NL",
    "polen": "PL",
    "storbritannia": "UK",
    "storbritannien": "UK",
    "sveits": "CH",
    "osterrike": "AT",
    "belgia": "BE",
    "belgien": "BE",
    "finnland": "FI",
    "danemark": "DK",
    "schweden": "SE",
    "norwegen": "NO",
    "island": "IS",
    "irland": "IE",
    "italien": "IT",
    "noreg": "NO",
    "deutschland": "DE",
    "sverige": "SE",
    "danmark": "DK",
    "suomi": "FI",
    "espana": "ES",
    "italia": "IT",
    "osterreich": "AT",
    "schweiz": "CH",
    "republic of north macedonia": "MK",
    "former yugoslav republic of macedonia": "MK",
}
#: ISO 3166 codes that the EU's data (CORDIS, Eurostat, Erasmus+) writes otherwise.
_EU_CODES = {"GR": "EL", "GB": "UK"}


def country_code(text: object) -> str | None:
    """The two-letter code of a country as the EU's data writes it (``EL`` for Greece, ``UK`` for the
    United Kingdom), from a code or an English name (the ISO 3166 table of pycountry); None if unknown.

    >>> country_code("Norway"), country_code("no"), country_code("Greece"), country_code("Türkiye"), country_code("?")
    ('NO', 'NO', 'EL', 'TR', None)
    """
    if text is None:
        return None
    raw = " ".join(str(text).split())
    if not raw:
        return None
    folded = fold(raw)
    if len(raw) == 2 and raw.isalpha():
        code = raw.upper()
        if code in ("EL", "UK", "XK"):
            return code
    else:
        code = _COUNTRY_ALIASES.get(folded, "")
    if not code:
        import pycountry

        try:
            code = pycountry.countries.lookup(re.sub(r"\s*\(the\)$", "", raw)).alpha_2
        except LookupError:
            return None
    return _EU_CODES.get(code, code)
