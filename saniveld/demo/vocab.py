"""Fixed tables the demo draws from: combo types, partner organisations, streams, names.

All shares are integers (percent or basis points) so that money stays integer cents.
"""

from __future__ import annotations

from datetime import date

from saniveld.quarters import Quarter, quarter_range

QUARTERS: list[Quarter] = quarter_range("2024-Q4", "2026-Q3")
PERIOD_START: date = QUARTERS[0].first_day
PERIOD_END: date = QUARTERS[-1].last_day
NETWORK_START = date(2024, 9, 1)  # the network and its roles start just before the first quarter

STREAMS = ("wmo", "jeugdwet", "wlz", "zvw")
# Funding per stream in basis points of the quarter's total, and who funds it.
STREAM_SHARE_BP = {"wmo": 4600, "jeugdwet": 1800, "wlz": 2000, "zvw": 1600}
FUNDERS = (
    ("FND-GEMEENTE", "Gemeente {m} (Wmo en Jeugdwet)", ("wmo", "jeugdwet")),
    ("FND-ZORGKANTOOR", "Zorgkantoor regio {m} (Wlz)", ("wlz",)),
    ("FND-ZORGVERZEKERAAR", "Zorgverzekeraar {m} (Zvw)", ("zvw",)),
)
FUND_ADMINISTRATOR = ("FA-FONDSBEHEER", "Fondsbeheer Veerkrachtig {m}")
NETWORK_OFFICE = ("ORG-NETWERKBUREAU", "Netwerkbureau Veerkrachtig {m}")

# Funding per inhabitant per quarter, in cents: 122 EUR in 2024-Q4, rising 0.80 EUR a quarter.
CENTS_PER_INHABITANT_FIRST = 12_200
CENTS_PER_INHABITANT_STEP = 80
# Overhead (aansturing en overhead) per quarter in basis points of the funding: near, mostly
# below, the 15 % boundary; 2025-Q4 breaches it (a year-end catch-up of the fund administration).
OVERHEAD_BP = (1410, 1380, 1360, 1430, 1520, 1440, 1390, 1370)
OVERHEAD_SELF_BP = 4000  # the fund administrator's own part of the overhead; the rest steers
PARTNER_BP = {"wmo": 2000, "jeugdwet": 2800, "wlz": 3000, "zvw": 2500}
FA_RESERVE_BP = 40

# combo type → (share of combos in a cluster per 100, points per resident, residents range,
#               stream percentages, experiences per resident per quarter ×1000)
COMBO_TYPES: dict[str, dict] = {
    "wijkteam": dict(per_cluster=9, points=60, residents=(15, 40), streams={"wmo": 70, "jeugdwet": 30}, rate=300, name="Wijkteam"),
    "beschermd_wonen": dict(per_cluster=10, points=220, residents=(3, 8), streams={"wmo": 70, "wlz": 30}, rate=450, name="Beschermd Wonen-team"),
    "fact": dict(per_cluster=0, points=90, residents=(45, 70), streams={"zvw": 60, "wmo": 25, "wlz": 15}, rate=280, name="F-ACT-team"),
    "huisarts": dict(per_cluster=0, points=45, residents=(3, 12), streams={"zvw": 80, "wmo": 20}, rate=380, name="Huisartscombi"),
    "ervaringsdeskundigen": dict(per_cluster=14, points=25, residents=(4, 15), streams={"wmo": 100}, rate=520, name="Ervaringscombi"),
    "buurtnetwerk": dict(per_cluster=45, points=12, residents=(5, 25), streams={"wmo": 90, "jeugdwet": 10}, rate=420, name="Buurtnetwerk"),
    "other": dict(per_cluster=6, points=30, residents=(2, 10), streams={"wmo": 50, "jeugdwet": 50}, rate=350, name="Combi"),
}
GP_COMBOS_PER_GP = (2, 6)  # each GP works in this many GP combos (inclusive range)

# Dimension weights (percent) per combo type, in the order of schema.DIMENSIONS:
# bodily_functions, mental_wellbeing, meaningfulness, quality_of_life, participation, daily_functioning
DIMENSION_WEIGHTS = {
    "wijkteam": (10, 20, 14, 18, 18, 20),
    "beschermd_wonen": (8, 24, 16, 16, 14, 22),
    "fact": (10, 34, 14, 14, 12, 16),
    "huisarts": (26, 22, 10, 16, 10, 16),
    "ervaringsdeskundigen": (6, 24, 24, 16, 18, 12),
    "buurtnetwerk": (8, 14, 20, 18, 28, 12),
    "other": (14, 18, 16, 18, 16, 18),
}
# Who organised the solution: (self, network) in percent at the first and at the last quarter;
# professional is the rest. Over time more is organised by residents and their networks.
ORGANISED_FIRST = (18, 20)
ORGANISED_LAST = (31, 36)
ORGANISED_SHIFT = {  # per combo type, percentage points moved from professional to network
    "buurtnetwerk": 12, "ervaringsdeskundigen": 8, "fact": -10, "huisarts": -4,
    "beschermd_wonen": -6, "wijkteam": 0, "other": 0,
}

# Partner organisations (one set per region): code suffix, name, points, stream percentages,
# and which professional functions they employ (with pool size per cluster).
PARTNERS = (
    ("WELZIJN", "Welzijn {r}", 30, {"wmo": 100}),
    ("JEUGD", "Jeugd en Gezin {r}", 25, {"jeugdwet": 100}),
    ("GGZ", "GGZ De Veerkracht {r}", 20, {"zvw": 60, "wlz": 40}),
    ("BW", "Stichting Beschermd Wonen De Linde {r}", 25, {"wmo": 60, "wlz": 40}),
    ("THUISZORG", "Thuiszorg {r}", 15, {"wlz": 50, "zvw": 50}),
    ("HUISARTSEN", "Huisartsencoöperatie {r}", 8, {"zvw": 100}),
    ("MEE", "MEE Cliëntondersteuning {r}", 6, {"wmo": 100}),
    ("VRIJWILLIGERS", "Vrijwilligerscentrale {r}", 4, {"wmo": 100}),
)
# Professional pool per cluster: (partner suffix, function, how many)
PROFESSIONALS = (
    ("WELZIJN", "maatschappelijk werker", 6),
    ("WELZIJN", "opbouwwerker", 3),
    ("JEUGD", "jeugdconsulent", 4),
    ("MEE", "cliëntondersteuner", 2),
    ("THUISZORG", "wijkverpleegkundige", 4),
    ("BW", "begeleider beschermd wonen", 8),
    ("HUISARTSEN", "praktijkondersteuner GGZ", 3),
)
FACT_PROFESSIONALS = (
    ("GGZ", "psychiater", 1),
    ("GGZ", "GGZ-verpleegkundige", 4),
    ("GGZ", "casemanager F-ACT", 3),
    ("GGZ", "psycholoog", 1),
)
# Which professional functions work in which combo type, and how many (inclusive range).
PROFESSIONALS_IN = {
    "wijkteam": (("maatschappelijk werker", "jeugdconsulent", "wijkverpleegkundige", "cliëntondersteuner"), (3, 6)),
    "beschermd_wonen": (("begeleider beschermd wonen",), (2, 4)),
    "fact": (("psychiater", "GGZ-verpleegkundige", "casemanager F-ACT", "psycholoog"), (6, 9)),
    "huisarts": (("praktijkondersteuner GGZ", "wijkverpleegkundige"), (0, 2)),
    "ervaringsdeskundigen": (("maatschappelijk werker",), (0, 1)),
    "buurtnetwerk": (("opbouwwerker",), (0, 1)),
    "other": (("maatschappelijk werker", "cliëntondersteuner", "jeugdconsulent"), (1, 2)),
}
# Members other than professionals per combo type: (experience experts, informal carers,
# volunteers, residents) as inclusive ranges.
OTHER_MEMBERS = {
    "wijkteam": ((0, 1), (0, 3), (0, 2), (1, 3)),
    "beschermd_wonen": ((0, 1), (0, 2), (0, 1), (2, 6)),
    "fact": ((1, 2), (0, 2), (0, 0), (2, 5)),
    "huisarts": ((0, 1), (0, 2), (0, 1), (1, 4)),
    "ervaringsdeskundigen": ((2, 5), (0, 1), (0, 2), (1, 4)),
    "buurtnetwerk": ((0, 1), (0, 2), (2, 6), (1, 4)),
    "other": ((0, 1), (0, 2), (0, 2), (1, 3)),
}
# Percent chance that a combo of this type has a resource group (RACT).
RESOURCE_GROUP_PCT = {
    "wijkteam": 20, "beschermd_wonen": 55, "fact": 100, "huisarts": 20,
    "ervaringsdeskundigen": 35, "buurtnetwerk": 25, "other": 10,
}
EXPERIENCE_EXPERTS_PER_CLUSTER = 12
VOLUNTEERS_PER_CLUSTER = 40

FIRST_NAMES = (
    "Anouk", "Bram", "Carlijn", "Daan", "Esther", "Fatima", "Gijs", "Hanneke", "Ilse", "Jeroen",
    "Kim", "Lars", "Mila", "Noor", "Olaf", "Priya", "Ruben", "Sanne", "Thijs", "Umut", "Vera",
    "Wouter", "Yara", "Zeynep", "Joost", "Marloes", "Said", "Femke", "Koen", "Lotte",
)
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "Yilmaz", "El Amrani", "van Dijk", "Kok", "Vermeulen", "Hoekstra", "Postma", "Kuipers",
)
NEIGHBOURHOOD_INITIATIVES = (
    "Buurtvereniging De Hoek", "Bewonersplatform", "Buurtkamer", "Repair Café", "Moestuin De Wei",
    "Eetgroep Samen", "Wandelclub Op Pad", "Taalcafé",
)
SANIVELD_CLUSTERS = (("CENTRUM", "Saniveld-Centrum", "C"), ("NOORD", "Saniveld-Noord", "N"), ("ZUID", "Saniveld-Zuid", "Z"))
