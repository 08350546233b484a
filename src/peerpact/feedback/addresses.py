"""Street addresses, in the shapes English, Spanish, German, French, Dutch and Italian write them.

Three shapes cover these languages:

- number, name, street type: ``221B Baker Street``, ``Flat 5, 12 Kelly Mews``,
  ``H.No. 806, Sami Ganj`` (English: US, UK, Canada, Australia, Ireland, India);
- street type, name, number: ``Calle Mayor 5, 2º B``, ``Via Gustavo Andrés 27``,
  ``Avenida Entre Ríos N° 611``, ``12, rue de la Paix`` (Spanish, Italian, French);
- a word ending in a street type, then a number: ``Hauptstraße 12``,
  ``Jens-Drubin-Straße 47-26``, ``Kerkstraat 7a`` (German, Dutch).

English street types are the USPS list (``street_types_us.txt``, kept from
the unmaintained ``pyap``, MIT licence noted there), with the Australian,
British and Indian ones it lacks; the other languages' are listed here.
A street named without its type or number ("near the station on Mill Lane")
is not found: it is too like ordinary words.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

Span = tuple[int, int, str]

# Python's re has no \p{Lu}: the capital letters of the Latin scripts.
_UPPER = "".join(chr(code) for code in range(0x41, 0x250) if chr(code).isupper())
_CAP = rf"[{re.escape(_UPPER)}][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
_NUMBER = r"\d{1,5}(?:\s?[A-Za-z](?![^\W\d_]))?(?:\s?[-/]\s?\d{1,5}[A-Za-z]?)?"

_EN_MORE = """
Access Alleyway Amble Approach Arcade Bank Brae Broadway Brow Byway Centre Chase Circuit
Circus Close Colonnade Concourse Copse Corso Courtyard Cross Crossway Cutting Dell Drove
Edge Elbow End Esplanade Fairway Footway Frontage Gate Gates Glade Grange Gully Highroad
Hillside Lane Laneway Link Lookout Meander Mead Mew Nook Outlook Parade Parklands Pathway
Piazza Plateau Precinct Promenade Quad Quadrant Quay Quays Reach Reserve Retreat Ride
Ridgeway Rise Riverway Round Serviceway Slope Strand Terrace Thoroughfare Tollway Tor
Towers Vale Villas Wade Walkway Wharf Wynd Yard
Anchorage Artery Basin Block Brace Break Centreway Circlet Cruiseway Cul-de-sac Deviation
Dip Distributor Driveway Entrance Firetrail Follow Foreshore Formation Front Gap Ground
Interchange Intersection Lees Line Little Lower Part Pocket Quadrangle Ramble Range Riviera
Ring Roadside Roadway Ronde Rosebowl Rotary Siding Sound Stairs Steps Strip Subway Tarn Top
Trailer Triangle Trunkway Turn Upper
Nagar Marg Chowk Ganj Zila Colony Layout Bagh Bazar Peth Gali
"""
# Type first, name after (a number is needed after weak ones like "Via").
_ROMANCE_STRONG = """
calle c/ avenida avda. callejón callejon rambla travesía travesia glorieta urbanización
urbanizacion alameda carretera ctra. cañada calzada cerrada circunvalación prolongación
periférico andador peatonal viaducto boulevard bulevar blv. bv. jirón diag. eje_vial
rue avenue av. boulevard bd chemin impasse allée allé quai ruelle faubourg sentier venelle
rond-point rang viale vicolo piazza piazzale piazzetta contrada borgo lungomare lungotevere
località
"""
# Common words too ("un paseo", "corso di", "took place"): only with a number.
_ROMANCE_WEAK = """
c. cl. cll. cr. cra. kra. tr. dg. av pl. pza. pº plaza plazuela vía via vial acceso eje paseo
ronda cuesta pasaje pasadizo camino circuito privada corredor retorno ampliación
continuación diagonal transversal carrera
place route square cité voie cours passage esplanade promenade montée
strada incrocio canale vico campo corso largo stretto rotonda salita traversa frazione
"""
# Words ending in these ("Hauptstraße", "Kerkstraat"), or these after a name.
_SUFFIXES = """
straße strasse str. weg gasse gässchen platz allee ring damm ufer chaussee pfad steig stieg
hof markt graben wall berg park zeile kai steg anger brücke
straat laan plein gracht kade singel dijk dreef pad steeg baan boulevard lei plantsoen
kwartier erf hoven
"""
_UNIT = (
    r"(?:Flat|Level|Apt\.?|Apartment|Unit|Suite|Ste\.?|Studio|Room|Floor|Bldg\.?|H\.\s?No\.?|No\.?"
    r"|Piso|Puerta|Pta\.?|Interior|Int\.?|Depto\.?|Dpto\.?|Dto\.?|Departamento|Edif\.?|Local"
    r"|Oficina|Torre|Esc\.?|Escalera|Appartamento|App\.?|Interno|Int\.|Piano|Scala|Wohnung"
    r"|Whg\.?|bus|bte\.?|Bâtiment|Bât\.?|Étage|Appt\.?|Apt)\s?\d{1,5}[A-Za-z]?"
    r"|RD\s?\d{1,3}"
    r"|\d{1,2}\s?[º°ª]\s?(?:[A-Za-z](?![^\W\d_])|izq(?:da)?\.?|dcha\.?)?"
)

# A postal box is an address on its own.
_BOX = (
    r"(?:P\.?\s?O\.?\s?Box|Apartado(?:\s+de\s+correos)?|Postfach|Casella\s+postale"
    r"|Bo[iî]te\s+postale|Postbus)\s?\d{1,6}"
)

# Lower-case particles inside a street's name: "10 de Courcey Street".
_PARTICLE = r"(?:de|van|von|der|den|la|le|du|di|da|del|ter|ten)"


def _alternatives(words: str) -> str:
    # "eje_vial" is the two words "eje vial".
    escaped = {re.escape(word).replace("_", r"\s") for word in words.split()}
    return "|".join(sorted(escaped, key=len, reverse=True))


def _usps_street_types() -> list[str]:
    text = resources.files(__package__).joinpath("street_types_us.txt").read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    types = {*_usps_street_types(), *_EN_MORE.split()}
    # Short abbreviations ("Is", "St", "Dr") only as written, capitalised:
    # in any case they would be the words "is" and "dr".
    english = "|".join(
        [
            rf"(?i:{_alternatives(' '.join(t for t in types if len(t) >= 4))})",
            _alternatives(" ".join(t for t in types if len(t) < 4)),
        ]
    )
    units = rf"(?:[,\s]+(?:{_UNIT}))*"
    number_first = (
        rf"(?:(?:{_UNIT})[,\s]+(?:{_NUMBER}[,\s]+)?|{_NUMBER},?\s+)"
        rf"(?:(?:{_CAP}|{_PARTICLE})\s+){{1,4}}(?:{english})\b\.?{units}"
    )
    # "H.No. 806, Sami" or "14/17, Sodhi": an Indian house number needs no type.
    house_number = rf"(?:H\.\s?No\.?\s?\d{{1,5}}|\d{{1,4}}/\d{{1,4}}),\s+{_CAP}(?:\s+{_CAP})?"
    connective = r"(?:de|del|de\s+la|de\s+los|de\s+las|di|della|dei|degli|du|des|d'|d’|la|le|les)"
    name = (
        rf"(?:{connective}\s+|{connective}(?={_CAP}))*{_CAP}"
        rf"(?:\s+(?:{connective}\s+)*{_CAP}){{0,4}}"
    )
    # "Calle 5ª # 6-71 Sur", "Callejón Países Bajos 038 836", "Avenida Entre Ríos N° 611"
    numbered = (
        rf"(?:{name},?\s*|\d{{1,3}}[A-Z]?[ªº]?(?:\s+{_CAP}){{0,3}}\s+)"
        rf"(?:(?:N[º°o]\.?|nº|n\.|#)\s*)?{_NUMBER}(?:\s\d{{1,5}}\b)?"
    )
    strong = _alternatives(_ROMANCE_STRONG)
    weak = _alternatives(_ROMANCE_WEAK)
    # "Av. carrera 4ª": one type before another.
    kind = r"(?:(?i:av\.?|avenida)\s+)?"
    type_first = (
        rf"(?:{_NUMBER}(?:\s?(?:bis|ter))?,?\s+{kind}(?i:{strong}|{weak})\s+(?:{numbered}|{name})"
        rf"|{kind}(?:(?i:{strong})\s+(?:{numbered}|{name})|(?i:{weak})\s+{numbered}))"
        rf"(?:\s(?:Norte|Sur|Este|Oeste|Bis)\b)?{units}"
    )
    suffixes = _alternatives(_SUFFIXES)
    compound = (
        rf"(?:{_CAP}[\s-]){{0,3}}(?=[{re.escape(_UPPER)}])[^\W\d_]*(?i:{suffixes})(?![^\W\d_])"
        rf"\s?,?\s?{_NUMBER}{units}"
    )
    return tuple(
        re.compile(rf"(?<![\w-]){pattern}")
        for pattern in (number_first, house_number, type_first, compound, _BOX)
    )


def street_addresses(text: str) -> list[Span]:
    spans: list[Span] = []
    for pattern in _patterns():
        for match in pattern.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in ",. ":
                end -= 1
            spans.append((match.start(), end, "address"))
    return spans
