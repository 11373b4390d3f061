"""Errors in a data package, in plain words (Dutch first, English with ``lang="en"``)."""

from __future__ import annotations

from dataclasses import dataclass

# One entry per kind of problem: (Dutch, English). Placeholders are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing_file": (
        "het bestand ontbreekt; een datapakket heeft alle acht bestanden nodig",
        "the file is missing; a data package needs all eight files",
    ),
    "missing_sheet": (
        "het werkblad ontbreekt; de werkmap heeft een werkblad per bestand nodig",
        "the sheet is missing; the workbook needs one sheet per file",
    ),
    "unknown_file": (
        "onbekend bestand; alleen de acht bestanden van het datapakket zijn toegestaan",
        "unknown file; only the eight files of the data package are allowed",
    ),
    "empty_file": (
        "het bestand is leeg; de eerste regel moet de kolomnamen bevatten",
        "the file is empty; the first line must hold the column names",
    ),
    "encoding": (
        "het bestand is niet opgeslagen als UTF-8 (sla het op als 'CSV UTF-8')",
        "the file is not saved as UTF-8 (save it as 'CSV UTF-8')",
    ),
    "unreadable": ("het bestand is niet te lezen: {detail}", "the file cannot be read: {detail}"),
    "unknown_column": (
        "onbekende kolom; verwijder deze kolom (er mogen geen andere gegevens in het pakket staan)",
        "unknown column; remove it (the package may hold no other data)",
    ),
    "duplicate_column": ("deze kolom staat twee keer in de kopregel", "this column appears twice in the header"),
    "missing_column": ("verplichte kolom ontbreekt in de kopregel", "required column is missing from the header"),
    "missing_values": (
        "deze regel heeft te weinig waarden ({found} in plaats van {expected})",
        "this line has too few values ({found} instead of {expected})",
    ),
    "extra_values": (
        "deze regel heeft meer waarden dan er kolommen zijn",
        "this line has more values than there are columns",
    ),
    "extra_values_comma": (
        "deze regel heeft meer waarden dan er kolommen zijn; staat er een komma in een bedrag, zoals 1.200.000,00? Schrijf 1200000.00",
        "this line has more values than there are columns; is there a comma in an amount, like 1.200.000,00? Write 1200000.00",
    ),
    "semicolon": (
        "de waarden zijn gescheiden door puntkomma's; sla het bestand op met komma's als scheidingsteken ('CSV UTF-8 (door komma's gescheiden)')",
        "the values are separated by semicolons; save the file with commas as separator",
    ),
    "bad_quote": (
        "een aanhalingsteken (\") staat op een verkeerde plek of wordt niet gesloten",
        "a quote character (\") is misplaced or not closed",
    ),
    "bad_line": ("deze regel is niet te lezen: {detail}", "this line cannot be read: {detail}"),
    "required": ("verplichte waarde ontbreekt", "required value is missing"),
    "code": (
        "'{value}' is geen geldige code (alleen letters, cijfers, - en _, hoogstens 64 tekens)",
        "'{value}' is not a valid code (letters, digits, - and _ only, at most 64 characters)",
    ),
    "too_long": ("de tekst is te lang (hoogstens {max} tekens)", "the text is too long (at most {max} characters)"),
    "integer": (
        "'{value}' is geen geheel getal van 0 of meer",
        "'{value}' is not a whole number of 0 or more",
    ),
    "date": (
        "'{value}' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-03-31",
        "'{value}' is not a valid date; write YYYY-MM-DD, for example 2025-03-31",
    ),
    "quarter": (
        "'{value}' is geen geldig kwartaal; schrijf JJJJ-Qn, bijvoorbeeld 2025-Q3",
        "'{value}' is not a valid quarter; write YYYY-Qn, for example 2025-Q3",
    ),
    "enum": ("'{value}' is geen toegestane waarde; kies uit: {allowed}", "'{value}' is not allowed; choose from: {allowed}"),
    "boolean": ("'{value}' is geen ja/nee-waarde; schrijf true of false", "'{value}' is not a yes/no value; write true or false"),
    "amount_dutch": (
        "'{value}' is in Nederlandse notatie; schrijf bedragen zonder duizendtalpunten en met een punt als decimaalteken, bijvoorbeeld 1200000.00",
        "'{value}' is in Dutch notation; write amounts without thousands separators and with a point as decimal separator, for example 1200000.00",
    ),
    "amount_decimals": (
        "'{value}' heeft meer dan twee cijfers achter de punt",
        "'{value}' has more than two digits after the decimal point",
    ),
    "amount_positive": ("het bedrag moet groter zijn dan 0 (nu '{value}')", "the amount must be more than 0 (now '{value}')"),
    "amount_number": (
        "'{value}' is geen bedrag; schrijf bijvoorbeeld 1234.50",
        "'{value}' is not an amount; write for example 1234.50",
    ),
    "amount_large": ("'{value}' is te groot als bedrag", "'{value}' is too large for an amount"),
    "bsn": (
        "deze waarde bevat een reeks van negen cijfers die een burgerservicenummer (BSN) kan zijn; het pakket mag geen BSN's bevatten",
        "this value holds nine digits that may be a citizen service number (BSN); the package may hold no BSNs",
    ),
    "duplicate": (
        "'{value}' komt al voor op regel {first}; elke code mag maar een keer voorkomen",
        "'{value}' already appears on line {first}; each code may appear only once",
    ),
    "duplicate_key": (
        "deze regel is een herhaling van regel {first} ({value})",
        "this line repeats line {first} ({value})",
    ),
    "unknown_ref": ("'{value}' komt niet voor in {target}", "'{value}' does not appear in {target}"),
    "not_organisation": (
        "'{value}' is geen actor van type organisation",
        "'{value}' is not an actor of type organisation",
    ),
    "not_person": (
        "een bewoner (resident) moet een actor van type person zijn; '{value}' is dat niet",
        "a resident must be an actor of type person; '{value}' is not",
    ),
    "flow_party": (
        "'{value}' is geen bekende actor, cluster of combo",
        "'{value}' is not a known actor, cluster or combo",
    ),
    "unknown_role": (
        "'{value}' is geen bekende rol; kies uit: {allowed}",
        "'{value}' is not a known role; choose from: {allowed}",
    ),
    "scope_code_network": (
        "laat scope_code leeg bij scope network (nu '{value}')",
        "leave scope_code empty for scope network (now '{value}')",
    ),
    "scope_code_missing": (
        "scope_code is verplicht bij scope {scope}",
        "scope_code is required for scope {scope}",
    ),
    "period": (
        "de einddatum {value} ligt voor de begindatum {start}",
        "the end date {value} is before the start date {start}",
    ),
    "one_municipality": (
        "het bestand moet precies een regel met de gemeente bevatten (nu {count})",
        "the file must hold exactly one row with the municipality (now {count})",
    ),
    "one_fund_administrator": (
        "er moet precies een actor van type fund_administrator zijn (nu {count})",
        "there must be exactly one actor of type fund_administrator (now {count})",
    ),
    "more": ("... en nog {count} dergelijke fouten", "... and {count} more like this"),
    "locked_quarter": (
        "kwartaal {quarter} is afgesloten; geldstromen in dit kwartaal kunnen niet meer veranderen",
        "quarter {quarter} is locked; money flows in that quarter can no longer change",
    ),
    "still_used": (
        "'{value}' ontbreekt in het pakket maar wordt in het dashboard nog gebruikt ({by}); zet de regel terug",
        "'{value}' is missing from the package but is still used in the dashboard ({by}); put the row back",
    ),
    "database": (
        "de database weigerde de gegevens: {detail}",
        "the database refused the data: {detail}",
    ),
}


def message(key: str, lang: str = "nl", **values) -> str:
    """The text for one kind of problem in the given language."""
    nl, en = MESSAGES[key]
    return (en if lang == "en" else nl).format(**values)


@dataclass(frozen=True, order=True)
class PackageError:
    """One problem: where it is (file, line, column) and what is wrong."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class PackageInvalid(ValueError):
    """The package has errors; nothing was changed. ``errors`` lists every one."""

    def __init__(self, errors: list[PackageError], lang: str = "nl"):
        self.errors = list(errors)
        self.lang = lang
        super().__init__(str(self))

    def __str__(self) -> str:
        head = (
            f"The data package has {len(self.errors)} error(s); nothing was changed."
            if self.lang == "en"
            else f"Het datapakket bevat {len(self.errors)} fout(en); er is niets veranderd."
        )
        return "\n".join([head, *(str(e) for e in self.errors)])
