"""Every validation rule of DATA_PACKAGE.md: a bad package and the exact error expected.

Line numbers count the header as line 1, so row i (0-based) of a file in SAMPLE is line i + 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saniveld.package.reader import read_package
from saniveld.package.sample import sample, write_package
from saniveld.package.validate import CAP, validate


def check(tmp_path: Path, change=None, lang: str = "nl") -> list[str]:
    data = sample()
    if change:
        change(data)
    folder = write_package(tmp_path / "pkg", data)
    return run(folder, lang)


def run(path: Path, lang: str = "nl") -> list[str]:
    ws = read_package(path, lang)
    try:
        return [str(e) for e in validate(ws)]
    finally:
        ws.close()


def test_the_sample_package_is_valid(tmp_path):
    assert check(tmp_path) == []


# -- files ------------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "experiences.csv").unlink()
    assert run(folder) == [
        "experiences.csv:0: -: het bestand ontbreekt; een datapakket heeft alle acht bestanden nodig"
    ]


def test_empty_file(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "experiences.csv").write_bytes(b"")
    assert run(folder) == ["experiences.csv:0: -: het bestand is leeg; de eerste regel moet de kolomnamen bevatten"]


def test_unknown_file(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "patients.csv").write_text("name\nx\n", encoding="utf-8")
    assert run(folder) == [
        "patients.csv:0: -: onbekend bestand; alleen de acht bestanden van het datapakket zijn toegestaan"
    ]


def test_file_not_in_utf8(tmp_path):
    folder = write_package(tmp_path / "pkg")
    text = (folder / "experiences.csv").read_text(encoding="utf-8") + "E-0003,CMB-N-001,2025-03-01,participation,self\n"
    text = text.replace("E-0002", "E-0002é")
    (folder / "experiences.csv").write_bytes(text.encode("latin-1"))
    assert run(folder) == [
        "experiences.csv:3: -: het bestand is niet opgeslagen als UTF-8 (sla het op als 'CSV UTF-8')"
    ]


def test_semicolon_separated_file(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text("cluster_code;name\nNOORD;Noord\n", encoding="utf-8")
    errors = run(folder)
    assert errors[0].startswith("clusters.csv:1: -: de waarden zijn gescheiden door puntkomma's")


def test_utf8_with_byte_order_mark_is_accepted(tmp_path):
    folder = write_package(tmp_path / "pkg")
    path = folder / "clusters.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run(folder) == []


def test_unknown_column(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text("cluster_code,name,bsn\nNOORD,Noord,\nZUID,Zuid,\n", encoding="utf-8")
    assert run(folder) == [
        "clusters.csv:1: bsn: onbekende kolom; verwijder deze kolom (er mogen geen andere gegevens in het pakket staan)"
    ]


def test_missing_required_column(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text("cluster_code\nNOORD\nZUID\n", encoding="utf-8")
    assert run(folder) == ["clusters.csv:1: name: verplichte kolom ontbreekt in de kopregel"]


def test_optional_column_may_be_absent(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "municipality.csv").write_text("name,inhabitants\nSaniveld,18000\n", encoding="utf-8")
    assert run(folder) == []


def test_lines_with_too_few_or_too_many_values_and_later_lines_keep_their_number(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text(
        "cluster_code,name\nNOORD,Noord\nOOST\nWEST,West,extra\nZUID,Zuid\nZUID,Zuid\n", encoding="utf-8"
    )
    assert run(folder) == [
        "clusters.csv:3: -: deze regel heeft te weinig waarden (1 in plaats van 2)",
        "clusters.csv:4: -: deze regel heeft meer waarden dan er kolommen zijn",
        "clusters.csv:6: cluster_code: 'ZUID' komt al voor op regel 5; elke code mag maar een keer voorkomen",
    ]


def test_comma_in_an_unquoted_amount_gets_a_hint(tmp_path):
    folder = write_package(tmp_path / "pkg")
    path = folder / "money_flows.csv"
    path.write_text(path.read_text().replace("60000.50", "60.000,50"), encoding="utf-8")
    assert run(folder) == [
        "money_flows.csv:4: -: deze regel heeft meer waarden dan er kolommen zijn; staat er een komma in een "
        "bedrag, zoals 1.200.000,00? Schrijf 1200000.00"
    ]


def test_blank_lines_and_quoted_line_breaks_keep_line_numbers_right(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text(
        'cluster_code,name\nNOORD,"Noord\nmet twee regels"\n\nZUID,Zuid\nNOORD,dubbel\n', encoding="utf-8"
    )
    assert run(folder) == [
        "clusters.csv:6: cluster_code: 'NOORD' komt al voor op regel 2; elke code mag maar een keer voorkomen"
    ]


# -- values -----------------------------------------------------------------------------------

def test_required_value_missing(tmp_path):
    def change(d):
        d["clusters"][1]["name"] = ""
    assert check(tmp_path, change) == ["clusters.csv:3: name: verplichte waarde ontbreekt"]


def test_bad_code(tmp_path):
    def change(d):
        d["experiences"][0]["experience_code"] = "E 0001"
    assert check(tmp_path, change) == [
        "experiences.csv:2: experience_code: 'E 0001' is geen geldige code (alleen letters, cijfers, - en _, hoogstens 64 tekens)"
    ]


def test_text_too_long(tmp_path):
    def change(d):
        d["clusters"][0]["name"] = "x" * 201
    assert check(tmp_path, change) == ["clusters.csv:2: name: de tekst is te lang (hoogstens 200 tekens)"]


def test_bad_integers(tmp_path):
    def change(d):
        d["municipality"][0]["inhabitants"] = "-5"
        d["combos"][0]["residents"] = "12.5"
        d["combos"][1]["residents"] = "veel"
    assert check(tmp_path, change) == [
        "municipality.csv:2: inhabitants: '-5' is geen geheel getal van 0 of meer",
        "combos.csv:2: residents: '12.5' is geen geheel getal van 0 of meer",
        "combos.csv:3: residents: 'veel' is geen geheel getal van 0 of meer",
    ]


def test_bad_dates(tmp_path):
    def change(d):
        d["combos"][0]["started_on"] = "2024-02-30"
        d["experiences"][1]["occurred_on"] = "02-05-2025"
    assert check(tmp_path, change) == [
        "combos.csv:2: started_on: '2024-02-30' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-03-31",
        "experiences.csv:3: occurred_on: '02-05-2025' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2025-03-31",
    ]


def test_end_before_start(tmp_path):
    def change(d):
        d["combos"][1]["ended_on"] = "2023-12-31"
        d["role_assignments"][1]["ended_on"] = "2023-06-30"
    assert check(tmp_path, change) == [
        "combos.csv:3: ended_on: de einddatum 2023-12-31 ligt voor de begindatum 2024-01-01",
        "role_assignments.csv:3: ended_on: de einddatum 2023-06-30 ligt voor de begindatum 2024-01-01",
    ]


def test_bad_quarters(tmp_path):
    def change(d):
        d["money_flows"][0]["quarter"] = "2025Q1"
        d["money_flows"][1]["quarter"] = "2025-Q5"
        d["money_flows"][2]["quarter"] = "2025-K1"
    expected = " is geen geldig kwartaal; schrijf JJJJ-Qn, bijvoorbeeld 2025-Q3"
    assert check(tmp_path, change) == [
        "money_flows.csv:2: quarter: '2025Q1'" + expected,
        "money_flows.csv:3: quarter: '2025-Q5'" + expected,
        "money_flows.csv:4: quarter: '2025-K1'" + expected,
    ]


def test_bad_enum(tmp_path):
    def change(d):
        d["money_flows"][4]["stream"] = "WMO"
    assert check(tmp_path, change) == [
        "money_flows.csv:6: stream: 'WMO' is geen toegestane waarde; kies uit: wmo, wlz, zvw, jeugdwet, other"
    ]


def test_bad_boolean(tmp_path):
    def change(d):
        d["combo_members"][0]["resource_group"] = "ja"
    assert check(tmp_path, change) == [
        "combo_members.csv:2: resource_group: 'ja' is geen ja/nee-waarde; schrijf true of false"
    ]


@pytest.mark.parametrize(
    "amount, problem",
    [
        ("1.200.000,00", "'1.200.000,00' is in Nederlandse notatie; schrijf bedragen zonder duizendtalpunten "
                         "en met een punt als decimaalteken, bijvoorbeeld 1200000.00"),
        ("1.200.000", "'1.200.000' is in Nederlandse notatie; schrijf bedragen zonder duizendtalpunten "
                      "en met een punt als decimaalteken, bijvoorbeeld 1200000.00"),
        ("10.005", "'10.005' heeft meer dan twee cijfers achter de punt"),
        ("-3.00", "het bedrag moet groter zijn dan 0 (nu '-3.00')"),
        ("0.00", "het bedrag moet groter zijn dan 0 (nu '0.00')"),
        ("tien", "'tien' is geen bedrag; schrijf bijvoorbeeld 1234.50"),
        ("€ 10", "'€ 10' is geen bedrag; schrijf bijvoorbeeld 1234.50"),
        ("1234567890123.00", "'1234567890123.00' is te groot als bedrag"),
    ],
)
def test_bad_amounts(tmp_path, amount, problem):
    def change(d):
        d["money_flows"][2]["amount"] = amount
    assert check(tmp_path, change) == [f"money_flows.csv:4: amount: {problem}"]


def test_comma_decimal_amount_in_quotes(tmp_path):
    def change(d):
        d["money_flows"][0]["amount"] = "12,50"
    errors = check(tmp_path, change)
    assert errors == [
        "money_flows.csv:2: amount: '12,50' is in Nederlandse notatie; schrijf bedragen zonder duizendtalpunten "
        "en met een punt als decimaalteken, bijvoorbeeld 1200000.00"
    ]


@pytest.mark.parametrize("amount", ["7", "7.5", "7.50", "123456789012.99"])
def test_plain_amounts_are_accepted(tmp_path, amount):
    def change(d):
        d["money_flows"][2]["amount"] = amount
    assert check(tmp_path, change) == []


# -- references and uniqueness ------------------------------------------------------------------

def test_duplicate_code(tmp_path):
    def change(d):
        d["money_flows"][3]["flow_code"] = "F-0001"
    assert check(tmp_path, change) == [
        "money_flows.csv:5: flow_code: 'F-0001' komt al voor op regel 2; elke code mag maar een keer voorkomen"
    ]


def test_duplicate_member(tmp_path):
    def change(d):
        d["combo_members"].append(dict(d["combo_members"][0]))
    assert check(tmp_path, change) == [
        "combo_members.csv:5: -: deze regel is een herhaling van regel 2 (CMB-N-001 / P-001)"
    ]


def test_dangling_cluster_and_combo(tmp_path):
    def change(d):
        d["combos"][0]["cluster_code"] = "WEST"
        d["experiences"][1]["combo_code"] = "CMB-X"
        d["combo_members"][2]["actor_code"] = "P-999"
    assert check(tmp_path, change) == [
        "combos.csv:2: cluster_code: 'WEST' komt niet voor in clusters.csv",
        "combo_members.csv:4: actor_code: 'P-999' komt niet voor in actors.csv",
        "experiences.csv:3: combo_code: 'CMB-X' komt niet voor in combos.csv",
    ]


def test_organisation_code_must_name_an_organisation(tmp_path):
    def change(d):
        d["actors"][5]["organisation_code"] = "P-001"
        d["actors"][6]["organisation_code"] = "ORG-XX"
    assert check(tmp_path, change) == [
        "actors.csv:7: organisation_code: 'P-001' is geen actor van type organisation",
        "actors.csv:8: organisation_code: 'ORG-XX' komt niet voor in actors.csv",
    ]


def test_resident_member_must_be_a_person(tmp_path):
    def change(d):
        d["combo_members"][2]["actor_code"] = "ORG-WZ"
        d["combo_members"][2]["member_type"] = "resident"
    assert check(tmp_path, change) == [
        "combo_members.csv:4: actor_code: een bewoner (resident) moet een actor van type person zijn; 'ORG-WZ' is dat niet"
    ]


def test_scope_codes(tmp_path):
    def change(d):
        d["role_assignments"][0]["scope_code"] = "CMB-N-001"  # scope cluster
        d["role_assignments"][1]["scope_code"] = "NOORD"  # scope network
        d["role_assignments"].append({"actor_code": "P-001", "role_code": "betrokken_buurt", "scope": "combo",
                                      "started_on": "2024-01-01"})
    assert check(tmp_path, change) == [
        "role_assignments.csv:2: scope_code: 'CMB-N-001' komt niet voor in clusters.csv",
        "role_assignments.csv:3: scope_code: laat scope_code leeg bij scope network (nu 'NOORD')",
        "role_assignments.csv:4: scope_code: scope_code is verplicht bij scope combo",
    ]


def test_unknown_role(tmp_path):
    def change(d):
        d["role_assignments"][1]["role_code"] = "chef"
    errors = check(tmp_path, change)
    assert errors == [
        "role_assignments.csv:3: role_code: 'chef' is geen bekende rol; kies uit: uitdragend_leider, "
        "inrichtend_manager, meewerkend_raadgever, meewerkend_coordinator, ondersteunende_netwerkpartner, "
        "betrokken_buurt"
    ]


def test_flow_parties_must_exist(tmp_path):
    def change(d):
        d["money_flows"][1]["to_code"] = "WEST"
        d["money_flows"][5]["from_code"] = "FUND-XX"
    assert check(tmp_path, change) == [
        "money_flows.csv:3: to_code: 'WEST' is geen bekende actor, cluster of combo",
        "money_flows.csv:7: from_code: 'FUND-XX' is geen bekende actor, cluster of combo",
    ]


def test_exactly_one_municipality(tmp_path):
    def two(d):
        d["municipality"].append({"name": "Anders", "inhabitants": "1"})
    assert check(tmp_path / "a", two) == [
        "municipality.csv:3: -: het bestand moet precies een regel met de gemeente bevatten (nu 2)"
    ]

    def none(d):
        d["municipality"].clear()
    assert check(tmp_path / "b", none) == [
        "municipality.csv:1: -: het bestand moet precies een regel met de gemeente bevatten (nu 0)"
    ]


def test_exactly_one_fund_administrator(tmp_path):
    def two(d):
        d["actors"][2]["actor_type"] = "fund_administrator"
    assert check(tmp_path / "a", two) == [
        "actors.csv:4: actor_type: er moet precies een actor van type fund_administrator zijn (nu 2)"
    ]

    def none(d):
        d["actors"][0]["actor_type"] = "organisation"
    assert check(tmp_path / "b", none) == [
        "actors.csv:1: actor_type: er moet precies een actor van type fund_administrator zijn (nu 0)"
    ]


# -- personal data ------------------------------------------------------------------------------

BSN_MESSAGE = ("deze waarde bevat een reeks van negen cijfers die een burgerservicenummer (BSN) kan zijn; "
               "het pakket mag geen BSN's bevatten")


def test_bsn_anywhere_is_rejected(tmp_path):
    # 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6*11, so it passes the 11-test
    def change(d):
        d["actors"][5]["name"] = "Bram 111222333 Jansen"
        d["experiences"][0]["experience_code"] = "E111222333"
    assert check(tmp_path, change) == [
        f"actors.csv:7: name: {BSN_MESSAGE}",
        f"experiences.csv:2: experience_code: {BSN_MESSAGE}",
    ]


def test_nine_digits_that_fail_the_eleven_test_are_accepted(tmp_path):
    # 123456789: 9+16+21+24+25+24+21+16-9 = 147 = 13*11 + 4; and ten digits are no BSN at all
    def change(d):
        d["actors"][5]["name"] = "Bram 123456789 Jansen"
        d["actors"][6]["name"] = "Bewoner 1112223330"
    assert check(tmp_path, change) == []


# -- many errors, other language ---------------------------------------------------------------

def test_every_error_is_reported_but_capped_per_rule(tmp_path):
    def change(d):
        base = d["money_flows"][0]
        d["money_flows"] += [
            {**base, "flow_code": f"G-{i:04d}", "amount": "1,5"} for i in range(CAP + 50)
        ] + [{**base, "flow_code": "H-1", "stream": "x"}]
    errors = check(tmp_path, change)
    dutch = [e for e in errors if "Nederlandse notatie" in e]
    assert len(dutch) == CAP
    assert dutch[0].startswith("money_flows.csv:8: amount:")
    assert f"money_flows.csv:{8 + CAP}: amount: ... en nog 50 dergelijke fouten" in errors
    assert "money_flows.csv:158: stream: 'x' is geen toegestane waarde; kies uit: wmo, wlz, zvw, jeugdwet, other" in errors


def test_messages_in_english(tmp_path):
    def change(d):
        d["combos"][0]["cluster_code"] = "WEST"
    assert check(tmp_path, change, lang="en") == ["combos.csv:2: cluster_code: 'WEST' does not appear in clusters.csv"]


def test_unclosed_quote_is_reported_without_follow_up_errors(tmp_path):
    folder = write_package(tmp_path / "pkg")
    (folder / "clusters.csv").write_text('cluster_code,name\nNOORD,Noord\nZUID,"Zuid\n', encoding="utf-8")
    assert run(folder) == [
        "clusters.csv:3: -: een aanhalingsteken (\") staat op een verkeerde plek of wordt niet gesloten"
    ]


def test_workbook_with_a_missing_and_an_unknown_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Toelichting"
    from saniveld.package.spec import FILES

    for spec in FILES:
        if spec.name == "experiences":
            continue
        sheet = book.create_sheet(spec.name)
        sheet.append(list(spec.column_names))
        for row in sample()[spec.name]:
            sheet.append([row.get(c) or None for c in spec.column_names])
    path = tmp_path / "pakket.xlsx"
    book.save(path)
    assert run(path) == [
        "Toelichting:0: -: onbekend bestand; alleen de acht bestanden van het datapakket zijn toegestaan",
        "experiences:0: -: het werkblad ontbreekt; de werkmap heeft een werkblad per bestand nodig",
    ]
