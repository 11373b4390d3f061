"""The interface texts, Dutch first: ``message id → {"nl": …, "en": …}``.

Ids are ``area.what``. Placeholders use ``str.format`` names (``{quarter}``). A unit test checks
that every id has both languages with the same placeholders, and that every id the web code
uses exists here.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- the application ----------------------------------------------------------------------
    "app.name": {
        "nl": "Stuurdashboard veerkrachtig netwerk",
        "en": "Resilient network steering dashboard",
    },
    "app.municipality": {"nl": "Gemeente {name}", "en": "Municipality of {name}"},
    "app.loading": {"nl": "Het dashboard wordt geladen…", "en": "Loading the dashboard…"},
    "app.skip_to_content": {"nl": "Naar de hoofdinhoud", "en": "Skip to main content"},
    "app.footer": {
        "nl": "Gemeente {name} · veerkrachtig zorgsysteem · ijkpunten zijn geen normen",
        "en": "Municipality of {name} · resilient care system · reference points, not targets",
    },
    "page.title": {"nl": "{page} – {app}", "en": "{page} – {app}"},
    # --- header -------------------------------------------------------------------------------
    "header.language": {"nl": "Taal", "en": "Language"},
    "header.language_nl": {"nl": "Nederlands", "en": "Nederlands"},
    "header.language_en": {"nl": "English", "en": "English"},
    "header.signed_in_as": {"nl": "Ingelogd als", "en": "Signed in as"},
    "header.logout": {"nl": "Uitloggen", "en": "Sign out"},
    "header.quarter": {"nl": "Kwartaal", "en": "Quarter"},
    "header.no_quarters": {
        "nl": "Nog geen kwartalen met gegevens",
        "en": "No quarters with data yet",
    },
    "nav.label": {"nl": "Hoofdmenu", "en": "Main menu"},
    "nav.current": {"nl": "(huidige pagina)", "en": "(current page)"},
    "nav.review": {"nl": "Kwartaalreview", "en": "Quarterly review"},
    "nav.network": {"nl": "Netwerk", "en": "Network"},
    "nav.roles": {"nl": "Rollen", "en": "Roles"},
    "nav.money": {"nl": "Geldstromen", "en": "Money flows"},
    "nav.cluster": {"nl": "Mijn cluster", "en": "My cluster"},
    "nav.data": {"nl": "Data", "en": "Data"},
    # --- user roles ---------------------------------------------------------------------------
    "role.official": {"nl": "Gemeente", "en": "Municipal official"},
    "role.funder": {"nl": "Financier", "en": "Funder"},
    "role.network_manager": {"nl": "Netwerkmanager", "en": "Network manager"},
    "role.coordinator": {"nl": "Clustercoördinator", "en": "Cluster coordinator"},
    "role.admin": {"nl": "Beheerder", "en": "Administrator"},
    # --- shared -------------------------------------------------------------------------------
    "common.no_data": {"nl": "geen gegevens", "en": "no data"},
    "common.loading": {"nl": "Bezig met laden…", "en": "Loading…"},
    "common.cluster": {"nl": "Cluster", "en": "Cluster"},
    "common.all_clusters": {"nl": "Alle clusters", "en": "All clusters"},
    "dropdown.select_all": {"nl": "Alles kiezen", "en": "Select all"},
    "dropdown.deselect_all": {"nl": "Niets kiezen", "en": "Deselect all"},
    "dropdown.selected_count": {"nl": "{num_selected} gekozen", "en": "{num_selected} selected"},
    "dropdown.search": {"nl": "Zoeken", "en": "Search"},
    "dropdown.clear_search": {"nl": "Zoektekst wissen", "en": "Clear search"},
    "dropdown.clear_selection": {"nl": "Keuze wissen", "en": "Clear selection"},
    "dropdown.no_options_found": {"nl": "Geen keuzes gevonden", "en": "No options found"},
    "empty.quarter.title": {
        "nl": "Nog geen gegevens voor dit kwartaal",
        "en": "No data for this quarter yet",
    },
    "empty.quarter.body": {
        "nl": "Zodra er een gegevenspakket met dit kwartaal is ingelezen, verschijnt hier {what}.",
        "en": "Once a data package covering this quarter has been imported, {what} will appear here.",
    },
    "empty.selection.title": {"nl": "Niets geselecteerd", "en": "Nothing selected"},
    # --- Kwartaalreview -----------------------------------------------------------------------
    "review.title": {"nl": "Kwartaalreview", "en": "Quarterly review"},
    "review.intro": {
        "nl": "Waar staat het netwerk dit kwartaal, hoe is het bewogen, en wat bespreken en "
        "besluiten we? De indicatoren zijn ijkpunten die we samen hebben afgesproken, geen normen.",
        "en": "Where does the network stand this quarter, how did it move, and what do we "
        "discuss and decide? The indicators are reference points we agreed on together, "
        "not targets.",
    },
    "review.compare_with": {"nl": "Vergelijk met", "en": "Compare with"},
    "review.compare_previous": {"nl": "Vorig kwartaal", "en": "Previous quarter"},
    "review.beliefs": {"nl": "Waar we voor staan", "en": "What we stand for"},
    "review.beliefs.what": {
        "nl": "de kern en de leidende principes van het netwerk",
        "en": "the essence and the leading principles of the network",
    },
    "review.flywheel": {"nl": "Het veerkracht-vliegwiel", "en": "The resilience flywheel"},
    "review.flywheel.what": {
        "nl": "het vliegwiel met de kernindicatoren van dit kwartaal",
        "en": "the flywheel with this quarter's key indicators",
    },
    "review.boundaries": {"nl": "Grenzen", "en": "Boundaries"},
    "review.boundaries.what": {
        "nl": "per grens of die is overschreden, met de afgesproken grens",
        "en": "for each boundary whether it was crossed, with the agreed limit",
    },
    "review.diagnostics": {
        "nl": "Indicatoren en ijkpunten",
        "en": "Indicators and reference points",
    },
    "review.diagnostics.what": {
        "nl": "per indicator de waarde, het ijkpunt, de afwijking en het verloop",
        "en": "each indicator's value, reference point, deviation and trend",
    },
    "review.dialogue": {"nl": "Het kwartaalgesprek", "en": "The quarterly dialogue"},
    "review.dialogue.what": {
        "nl": "de notities, besluiten en initiatieven van dit kwartaal",
        "en": "this quarter's notes, decisions and initiatives",
    },
    "review.status.none": {
        "nl": "De review van {quarter} is nog niet begonnen: de waarden kunnen nog veranderen.",
        "en": "The review of {quarter} has not started yet: the values may still change.",
    },
    "review.status.draft": {
        "nl": "De review van {quarter} is in voorbereiding (concept): de waarden kunnen nog veranderen.",
        "en": "The review of {quarter} is in preparation (draft): the values may still change.",
    },
    "review.status.closed": {
        "nl": "De review van {quarter} is afgesloten door {user} op {date}: de getoonde waarden "
        "zijn bevroren op dat moment.",
        "en": "The review of {quarter} was closed by {user} on {date}: the values shown are "
        "frozen as they were then.",
    },
    "review.scope.network": {"nl": "Het hele netwerk", "en": "The whole network"},
    "review.scope.cluster": {"nl": "Cluster {name}", "en": "Cluster {name}"},
    "review.report.download": {"nl": "Rapport downloaden", "en": "Download report"},
    "review.report.pdf": {"nl": "Rapport (PDF)", "en": "Report (PDF)"},
    "review.report.xlsx": {"nl": "Tabellen (Excel)", "en": "Tables (Excel)"},
    "review.report.what": {
        "nl": "Het kwartaalrapport van het gekozen kwartaal en cluster, zoals u het mag zien.",
        "en": "The quarterly report of the chosen quarter and cluster, as you may see it.",
    },
    "review.report.busy": {
        "nl": "Het rapport wordt gemaakt; dat kan een halve minuut duren …",
        "en": "Making the report; this can take half a minute …",
    },
    "review.report.ready": {"nl": "Klaar: {name}", "en": "Ready: {name}"},
    "review.report.no_quarter": {
        "nl": "Kies eerst een kwartaal met gegevens.",
        "en": "Choose a quarter with data first.",
    },
    "review.report.error": {
        "nl": "Het rapport kon niet worden gemaakt: {reason}",
        "en": "The report could not be made: {reason}",
    },
    "review.principles": {"nl": "Leidende principes", "en": "Leading principles"},
    "review.flywheel.label": {
        "nl": "Het veerkracht-vliegwiel van {quarter}: {lines}",
        "en": "The resilience flywheel of {quarter}: {lines}",
    },
    "review.flywheel.note": {
        "nl": "▲ hoger, ▼ lager, ▶ gelijk aan het vorige kwartaal.",
        "en": "▲ higher, ▼ lower, ▶ the same as the previous quarter.",
    },
    "flywheel.step.needs": {"nl": "Aansluiten op<br>behoeften", "en": "Connecting<br>to needs"},
    "flywheel.step.experiences": {"nl": "Veerkracht-<br>ervaringen", "en": "Resilience<br>experiences"},
    "flywheel.step.values": {"nl": "Openstellen<br>voor waarden", "en": "Opening up<br>to values"},
    "flywheel.centre": {"nl": "het vliegwiel<br>draait rond", "en": "the flywheel<br>keeps turning"},
    "flywheel.short.combos_active": {"nl": "Actieve combi's", "en": "Active combos"},
    "flywheel.short.new_combos": {"nl": "Nieuwe combi's", "en": "New combos"},
    "flywheel.short.residents_supported": {"nl": "Ondersteunde bewoners", "en": "Residents supported"},
    "flywheel.short.experiences_per_1000_inhabitants": {
        "nl": "Ervaringen per 1000 inwoners", "en": "Experiences per 1,000 inhabitants"},
    "flywheel.short.experiences_per_100_residents": {
        "nl": "Ervaringen per 100 bewoners", "en": "Experiences per 100 residents"},
    "flywheel.short.self_or_network_share": {
        "nl": "Zelf of met eigen netwerk", "en": "By themselves or own network"},
    "flywheel.short.dimension_balance": {"nl": "Spreiding over dimensies", "en": "Balance over dimensions"},
    "flywheel.short.informal_member_share": {
        "nl": "Met mantelzorger of vrijwilliger", "en": "With informal carer or volunteer"},
    "flywheel.short.experience_expert_share": {
        "nl": "Met ervaringsdeskundige", "en": "With experience expert"},
    "flywheel.short.resource_group_share": {"nl": "Met resourcegroep", "en": "With resource group"},
    "boundary.breached": {"nl": "Overschreden", "en": "Crossed"},
    "boundary.within": {"nl": "Binnen de grens", "en": "Within the limit"},
    "boundary.unknown": {"nl": "Nog niet te bepalen", "en": "Cannot tell yet"},
    "boundary.rule.lt": {"nl": "moet onder {limit} blijven", "en": "must stay below {limit}"},
    "boundary.rule.le": {"nl": "mag hoogstens {limit} zijn", "en": "may be at most {limit}"},
    "boundary.rule.eq": {"nl": "moet {limit} zijn", "en": "must be {limit}"},
    "boundary.value": {"nl": "Waarde: {value}", "en": "Value: {value}"},
    "boundary.network": {"nl": "Grenzen van het netwerk", "en": "The network's boundaries"},
    "boundary.cluster": {"nl": "Grenzen van cluster {name}", "en": "Boundaries of cluster {name}"},
    "indicator.reference": {"nl": "IJkpunt", "en": "Reference point"},
    "indicator.no_reference": {"nl": "geen ijkpunt afgesproken", "en": "no reference point agreed"},
    "indicator.deviation": {"nl": "Verschil met ijkpunt", "en": "Difference from reference"},
    "indicator.since_previous": {"nl": "Sinds vorig kwartaal", "en": "Since the previous quarter"},
    "indicator.since": {"nl": "Sinds {quarter}", "en": "Since {quarter}"},
    "indicator.movement.up": {"nl": "▲ hoger", "en": "▲ higher"},
    "indicator.movement.down": {"nl": "▼ lager", "en": "▼ lower"},
    "indicator.movement.level": {"nl": "▶ gelijk", "en": "▶ the same"},
    "indicator.was": {"nl": "was {value}", "en": "was {value}"},
    "indicator.agreed": {
        "nl": "Afgesproken op {date} door {parties}.",
        "en": "Agreed on {date} by {parties}.",
    },
    "indicator.about": {"nl": "Uitleg en afspraak", "en": "Explanation and agreement"},
    "indicator.frozen": {"nl": "bij de review", "en": "at the review"},
    "indicator.restated": {
        "nl": "Later bijgewerkt: nu {value}.",
        "en": "Updated later: now {value}.",
    },
    "indicator.trend.label": {
        "nl": "Verloop van {name} over de kwartalen: {points}",
        "en": "{name} over the quarters: {points}",
    },
    "indicator.trend": {"nl": "Verloop over alle kwartalen", "en": "Trend over all quarters"},
    "lever.beliefs": {"nl": "Overtuigingen", "en": "Beliefs"},
    "lever.boundaries": {"nl": "Grenzen", "en": "Boundaries"},
    "lever.diagnostic": {"nl": "Indicatoren", "en": "Indicators"},
    "lever.interactive": {"nl": "Het gesprek", "en": "The dialogue"},
    "note.kind.note": {"nl": "Notitie", "en": "Note"},
    "note.kind.decision": {"nl": "Besluit", "en": "Decision"},
    "note.by": {"nl": "{user}, {date}", "en": "{user}, {date}"},
    "review.notes": {"nl": "Notities en besluiten", "en": "Notes and decisions"},
    "review.notes.none": {
        "nl": "Er zijn nog geen notities of besluiten voor dit kwartaal.",
        "en": "There are no notes or decisions for this quarter yet.",
    },
    "review.note.form": {"nl": "Notitie of besluit toevoegen", "en": "Add a note or decision"},
    "review.note.lever": {"nl": "Hefboom", "en": "Lever"},
    "review.note.kind": {"nl": "Soort", "en": "Kind"},
    "review.note.text": {"nl": "Tekst", "en": "Text"},
    "review.note.save": {"nl": "Toevoegen", "en": "Add"},
    "review.note.saved": {"nl": "Toegevoegd aan de review van {quarter}.", "en": "Added to the review of {quarter}."},
    "review.readonly": {
        "nl": "U kunt de review lezen; notities, besluiten en initiatieven worden vastgelegd door "
        "de gemeente (initiatieven ook door de netwerkmanager).",
        "en": "You can read the review; notes, decisions and initiatives are recorded by the "
        "municipality (initiatives also by the network manager).",
    },
    "review.closed.note": {
        "nl": "Deze review is afgesloten; er kan niets meer bij.",
        "en": "This review is closed; nothing can be added.",
    },
    "review.close": {"nl": "Review afsluiten", "en": "Close the review"},
    "review.close.confirm": {
        "nl": "De review van {quarter} afsluiten? De waarden van de indicatoren worden dan bevroren "
        "en er kunnen geen notities meer bij.",
        "en": "Close the review of {quarter}? The indicator values are then frozen and no more "
        "notes can be added.",
    },
    "review.closed.done": {"nl": "De review van {quarter} is afgesloten.", "en": "The review of {quarter} is closed."},
    "review.initiatives": {"nl": "Initiatieven en opvolging", "en": "Initiatives and follow-up"},
    "review.initiatives.none": {
        "nl": "Er lopen nog geen initiatieven.",
        "en": "There are no initiatives yet.",
    },
    "initiative.meta": {
        "nl": "Eigenaar: {owner} · gestart in {quarter} · status: {status}",
        "en": "Owner: {owner} · started in {quarter} · status: {status}",
    },
    "initiative.responds_to": {"nl": "Naar aanleiding van: {name}", "en": "In response to: {name}"},
    "initiative.status.open": {"nl": "open", "en": "open"},
    "initiative.status.in_progress": {"nl": "loopt", "en": "in progress"},
    "initiative.status.done": {"nl": "afgerond", "en": "done"},
    "initiative.status.stopped": {"nl": "gestopt", "en": "stopped"},
    "initiative.form": {"nl": "Nieuw initiatief", "en": "New initiative"},
    "initiative.title": {"nl": "Titel", "en": "Title"},
    "initiative.owner": {"nl": "Eigenaar", "en": "Owner"},
    "initiative.responds": {"nl": "Naar aanleiding van (indicator of grens)", "en": "In response to (indicator or boundary)"},
    "initiative.description": {"nl": "Beschrijving (optioneel)", "en": "Description (optional)"},
    "initiative.save": {"nl": "Initiatief toevoegen", "en": "Add initiative"},
    "initiative.saved": {"nl": "Initiatief toegevoegd.", "en": "Initiative added."},
    "followup.form": {"nl": "Opvolging vastleggen", "en": "Record a follow-up"},
    "followup.initiative": {"nl": "Initiatief", "en": "Initiative"},
    "followup.status": {"nl": "Status vanaf nu", "en": "Status from now on"},
    "followup.note": {"nl": "Wat is er gebeurd?", "en": "What happened?"},
    "followup.save": {"nl": "Opvolging toevoegen", "en": "Add follow-up"},
    "followup.saved": {"nl": "Opvolging vastgelegd.", "en": "Follow-up recorded."},
    "followup.line": {"nl": "{quarter} · {status} · {user}: {note}", "en": "{quarter} · {status} · {user}: {note}"},
    "review.refused": {"nl": "Niet opgeslagen: {reason}", "en": "Not saved: {reason}"},
    "review.choose_quarter": {"nl": "Kies eerst een kwartaal.", "en": "Choose a quarter first."},
    # --- Netwerk ------------------------------------------------------------------------------
    "network.title": {"nl": "Netwerk", "en": "Network"},
    "network.intro": {
        "nl": "De clusters, veerkrachtcombi's, netwerkpartners en de fondsbeheerder, en hoe ze "
        "met elkaar verbonden zijn.",
        "en": "The clusters, resilience combos, network partners and the fund administrator, "
        "and how they are connected.",
    },
    "network.filter_type": {"nl": "Soort combi", "en": "Combo type"},
    "network.all_types": {"nl": "Alle soorten", "en": "All types"},
    "network.graph": {"nl": "Netwerkkaart", "en": "Network map"},
    "network.graph.what": {
        "nl": "de netwerkkaart met clusters, combi's en partners",
        "en": "the network map with clusters, combos and partners",
    },
    "network.details": {"nl": "Details", "en": "Details"},
    "network.details.body": {
        "nl": "Kies een cluster, combi of partner op de kaart om de leden, ervaringen en "
        "geldstromen te zien.",
        "en": "Choose a cluster, combo or partner on the map to see its members, experiences "
        "and money flows.",
    },
    # --- Rollen -------------------------------------------------------------------------------
    "roles.title": {"nl": "Rollen", "en": "Roles"},
    "roles.intro": {
        "nl": "Het netwerk ontwikkelt zich vanuit dragende rollen, niet vanuit functies. Wie "
        "draagt welke rol, waar is een rol nog niet ingevuld, en passen rol en functie bij elkaar?",
        "en": "The network develops from carrying roles, not job functions. Who carries which "
        "role, where is a role still vacant, and do role and function fit together?",
    },
    "roles.matrix": {"nl": "Rollen per niveau", "en": "Roles by scope"},
    "roles.matrix.what": {
        "nl": "wie elke rol draagt, voor het netwerk en per cluster",
        "en": "who carries each role, for the network and in each cluster",
    },
    "roles.vacancies": {"nl": "Niet ingevulde rollen", "en": "Vacant roles"},
    "roles.vacancies.what": {
        "nl": "de rollen die nog niemand draagt",
        "en": "the roles nobody carries yet",
    },
    "roles.many": {"nl": "Mensen met veel rollen", "en": "People carrying many roles"},
    "roles.many.what": {
        "nl": "wie meerdere rollen tegelijk draagt",
        "en": "who carries several roles at once",
    },
    "roles.congruence": {"nl": "Rol en functie", "en": "Role and function"},
    "roles.congruence.what": {
        "nl": "per persoon de rol naast de functie",
        "en": "each person's role next to their function",
    },
    # --- Geldstromen --------------------------------------------------------------------------
    "money.title": {"nl": "Geldstromen", "en": "Money flows"},
    "money.intro": {
        "nl": "Van financiers via de fondsbeheerder naar clusters, combi's en partners: wat is "
        "toegekend, wat is besteed, en blijft de aansturing onder de grens?",
        "en": "From funders through the fund administrator to clusters, combos and partners: "
        "what was allocated, what was spent, and does steering stay below its limit?",
    },
    "money.stream": {"nl": "Financieringsstroom", "en": "Funding stream"},
    "money.all_streams": {"nl": "Alle stromen", "en": "All streams"},
    "money.sankey": {"nl": "Van financier tot combi", "en": "From funder to combo"},
    "money.sankey.what": {
        "nl": "de geldstromen van dit kwartaal van financier tot combi",
        "en": "this quarter's money flows from funder to combo",
    },
    "money.overhead": {
        "nl": "Aandeel aansturing en overhead",
        "en": "Share of steering and overhead",
    },
    "money.overhead.what": {
        "nl": "het aandeel aansturing en overhead naast de grens van {limit}",
        "en": "the share of steering and overhead next to its limit of {limit}",
    },
    "money.by_cluster": {
        "nl": "Toegekend en besteed per cluster",
        "en": "Allocated and spent per cluster",
    },
    "money.by_cluster.what": {
        "nl": "per cluster wat is toegekend en wat is besteed",
        "en": "what was allocated and spent in each cluster",
    },
    "money.trend": {"nl": "Verloop per kwartaal", "en": "Trend by quarter"},
    "money.trend.what": {
        "nl": "het verloop van toekenning en besteding over de kwartalen",
        "en": "allocation and spending over the quarters",
    },
    # --- Mijn cluster -------------------------------------------------------------------------
    "cluster.title": {"nl": "Cluster {code}", "en": "Cluster {code}"},
    "cluster.title.named": {"nl": "Cluster {name} ({code})", "en": "Cluster {name} ({code})"},
    "cluster.intro": {
        "nl": "De veerkrachtcombi's van het cluster: leden, resourcegroepen, ervaringen en geld.",
        "en": "The cluster's resilience combos: members, resource groups, experiences and money.",
    },
    "cluster.combos": {"nl": "Combi's", "en": "Combos"},
    "cluster.combos.what": {
        "nl": "de combi's van dit cluster",
        "en": "this cluster's combos",
    },
    "cluster.detail": {"nl": "Details van de combi", "en": "Combo details"},
    "cluster.detail.body": {
        "nl": "Kies een combi in de tabel om de details te zien.",
        "en": "Choose a combo in the table to see its details.",
    },
    "clusters.title": {"nl": "Clusters", "en": "Clusters"},
    "clusters.intro": {
        "nl": "Kies een cluster om de combi's ervan te bekijken.",
        "en": "Choose a cluster to look at its combos.",
    },
    "clusters.list": {"nl": "Alle clusters", "en": "All clusters"},
    "clusters.list.what": {
        "nl": "de clusters van het netwerk",
        "en": "the network's clusters",
    },
    # --- Data ---------------------------------------------------------------------------------
    "data.title": {"nl": "Data", "en": "Data"},
    "data.intro": {
        "nl": "Lees een gegevenspakket in (een map als zip-bestand, of een Excel-werkmap) of "
        "download de gegevens als pakket.",
        "en": "Import a data package (a folder as a zip file, or an Excel workbook) or "
        "download the data as a package.",
    },
    "data.import": {"nl": "Gegevenspakket inlezen", "en": "Import a data package"},
    "data.import.body": {
        "nl": "Het inlezen komt in de volgende stap beschikbaar.",
        "en": "Importing becomes available in the next step.",
    },
    "data.report": {"nl": "Controleverslag", "en": "Validation report"},
    "data.report.body": {
        "nl": "Na het inlezen staat hier elke gevonden fout, met bestand, regel en kolom.",
        "en": "After an import, every error found is listed here, with file, line and column.",
    },
    "data.export": {"nl": "Gegevens exporteren", "en": "Export the data"},
    "data.export.body": {
        "nl": "Het exporteren komt in de volgende stap beschikbaar.",
        "en": "Exporting becomes available in the next step.",
    },
    # --- vocabularies -------------------------------------------------------------------------
    "combo_type.wijkteam": {"nl": "Wijkteam", "en": "Neighbourhood team"},
    "combo_type.beschermd_wonen": {"nl": "Beschermd wonen", "en": "Sheltered housing"},
    "combo_type.fact": {"nl": "F-ACT-team", "en": "F-ACT team"},
    "combo_type.huisarts": {"nl": "Huisarts", "en": "General practitioner"},
    "combo_type.ervaringsdeskundigen": {"nl": "Ervaringsdeskundigen", "en": "Experience experts"},
    "combo_type.buurtnetwerk": {"nl": "Buurtnetwerk", "en": "Neighbourhood network"},
    "combo_type.other": {"nl": "Overig", "en": "Other"},
    "stream.wmo": {"nl": "Wmo", "en": "Wmo (social support)"},
    "stream.wlz": {"nl": "Wlz", "en": "Wlz (long-term care)"},
    "stream.zvw": {"nl": "Zvw", "en": "Zvw (health insurance)"},
    "stream.jeugdwet": {"nl": "Jeugdwet", "en": "Youth Act"},
    "stream.other": {"nl": "Overig", "en": "Other"},
    # --- shared vocabularies of the analyses --------------------------------------------------
    "member_type.professional": {"nl": "Professionals", "en": "Professionals"},
    "member_type.experience_expert": {"nl": "Ervaringsdeskundigen", "en": "Experience experts"},
    "member_type.informal_carer": {"nl": "Mantelzorgers", "en": "Informal carers"},
    "member_type.volunteer": {"nl": "Vrijwilligers", "en": "Volunteers"},
    "member_type.resident": {"nl": "Bewoners", "en": "Residents"},
    "dimension.bodily_functions": {"nl": "Lichaamsfuncties", "en": "Bodily functions"},
    "dimension.mental_wellbeing": {"nl": "Mentaal welbevinden", "en": "Mental wellbeing"},
    "dimension.meaningfulness": {"nl": "Zingeving", "en": "Meaningfulness"},
    "dimension.quality_of_life": {"nl": "Kwaliteit van leven", "en": "Quality of life"},
    "dimension.participation": {"nl": "Meedoen", "en": "Participation"},
    "dimension.daily_functioning": {"nl": "Dagelijks functioneren", "en": "Daily functioning"},
    "organised_by.self": {"nl": "Zelf", "en": "Self"},
    "organised_by.network": {"nl": "Eigen netwerk", "en": "Own network"},
    "organised_by.professional": {"nl": "Professional", "en": "Professional"},
    "actor_type.person": {"nl": "Persoon", "en": "Person"},
    "actor_type.organisation": {"nl": "Organisatie", "en": "Organisation"},
    "actor_type.funder": {"nl": "Financier", "en": "Funder"},
    "actor_type.fund_administrator": {"nl": "Fondsbeheerder", "en": "Fund administrator"},
    "actor_type.neighbourhood_initiative": {"nl": "Buurtinitiatief", "en": "Neighbourhood initiative"},
    "kind.allocation": {"nl": "Toekenning", "en": "Allocation"},
    "kind.spending": {"nl": "Besteding", "en": "Spending"},
    "purpose.care": {"nl": "Zorg en ondersteuning", "en": "Care and support"},
    "purpose.overhead": {"nl": "Aansturing en overhead", "en": "Steering and overhead"},
    "purpose.innovation": {"nl": "Vernieuwing", "en": "Innovation"},
    "common.small_count": {"nl": "< {threshold}", "en": "< {threshold}"},
    "common.small_count.note": {
        "nl": "Kleine aantallen buiten uw eigen cluster worden niet precies getoond (< {threshold}).",
        "en": "Small counts outside your own cluster are not shown exactly (< {threshold}).",
    },
    "common.residents": {"nl": "Bewoners", "en": "Residents"},
    "common.members": {"nl": "Leden", "en": "Members"},
    "common.experiences": {"nl": "Veerkracht-ervaringen dit kwartaal", "en": "Resilience experiences this quarter"},
    "common.money": {"nl": "Geld dit kwartaal", "en": "Money this quarter"},
    "common.received": {"nl": "Ontvangen", "en": "Received"},
    "common.passed_on": {"nl": "Doorgegeven", "en": "Passed on"},
    "common.spent": {"nl": "Besteed", "en": "Spent"},
    "common.allocated": {"nl": "Toegekend", "en": "Allocated"},
    "common.name": {"nl": "Naam", "en": "Name"},
    "common.type": {"nl": "Soort", "en": "Type"},
    "common.function": {"nl": "Functie", "en": "Function"},
    "common.no_function": {"nl": "geen functie vastgelegd", "en": "no function recorded"},
    "common.none": {"nl": "geen", "en": "none"},
    "common.total": {"nl": "Totaal", "en": "Total"},
    "common.since": {"nl": "sinds {date}", "en": "since {date}"},
    "common.until": {"nl": "tot en met {date}", "en": "until {date}"},
    "empty.no_quarter.title": {"nl": "Kies een kwartaal", "en": "Choose a quarter"},
    "empty.no_quarter.body": {
        "nl": "Er zijn nog geen kwartalen met gegevens. Lees eerst een gegevenspakket in.",
        "en": "There are no quarters with data yet. Import a data package first.",
    },
    # --- Netwerk: the map ---------------------------------------------------------------------
    "network.node": {"nl": "Onderdeel van het netwerk", "en": "Part of the network"},
    "network.node.placeholder": {"nl": "Kies een onderdeel…", "en": "Choose a part…"},
    "network.graph.label": {
        "nl": "Netwerkkaart: {nodes} onderdelen en {edges} verbindingen. Gebruik de keuzelijst "
        "hierboven om een onderdeel met het toetsenbord te kiezen.",
        "en": "Network map: {nodes} parts and {edges} connections. Use the list above to choose "
        "a part with the keyboard.",
    },
    "network.level.full": {
        "nl": "Het hele netwerk: {clusters} clusters en {combos} combi's.",
        "en": "The whole network: {clusters} clusters and {combos} combos.",
    },
    "network.level.clusters": {
        "nl": "Het netwerk is groot: de kaart begint op clusterniveau ({clusters} clusters, "
        "{combos} combi's). Klik op een cluster of kies het bij ‘Cluster’ om in te zoomen.",
        "en": "The network is large: the map starts at cluster level ({clusters} clusters, "
        "{combos} combos). Click a cluster or choose it under ‘Cluster’ to zoom in.",
    },
    "network.level.cluster": {
        "nl": "Cluster {cluster}: {combos} combi's.",
        "en": "Cluster {cluster}: {combos} combos.",
    },
    "network.hidden": {
        "nl": "{hidden} kleinere combi's zijn niet getekend, zodat de kaart leesbaar blijft. "
        "Filter op soort combi om ze te zien.",
        "en": "{hidden} smaller combos are not drawn, to keep the map readable. Filter by combo "
        "type to see them.",
    },
    "network.hidden_clusters": {
        "nl": "De {hidden} kleinste clusters zijn niet getekend; kies ze bij ‘Cluster’.",
        "en": "The {hidden} smallest clusters are not drawn; choose them under ‘Cluster’.",
    },
    "network.legend": {"nl": "Legenda", "en": "Legend"},
    "network.legend.fund_administrator": {"nl": "Fondsbeheerder (ruit)", "en": "Fund administrator (diamond)"},
    "network.legend.cluster": {"nl": "Cluster (afgeronde rechthoek)", "en": "Cluster (rounded rectangle)"},
    "network.legend.partner": {"nl": "Netwerkpartner (zeshoek)", "en": "Network partner (hexagon)"},
    "network.legend.coordinator": {"nl": "Coördinator (driehoek)", "en": "Coordinator (triangle)"},
    "network.legend.combo": {
        "nl": "Combi (cirkel; groter = meer bewoners, kleur = soort)",
        "en": "Combo (circle; larger = more residents, colour = type)",
    },
    "network.legend.resource_group": {
        "nl": "Combi met resourcegroep (dikke gestippelde rand)",
        "en": "Combo with a resource group (thick dotted border)",
    },
    "network.kind.fund_administrator": {"nl": "Fondsbeheerder", "en": "Fund administrator"},
    "network.kind.cluster": {"nl": "Cluster", "en": "Cluster"},
    "network.kind.combo": {"nl": "Combi", "en": "Combo"},
    "network.kind.partner": {"nl": "Netwerkpartner", "en": "Network partner"},
    "network.kind.coordinator": {"nl": "Coördinator", "en": "Coordinator"},
    "network.detail.combos": {"nl": "Combi's", "en": "Combos"},
    "network.detail.coordinators": {"nl": "Coördinatoren", "en": "Coordinators"},
    "network.detail.people": {"nl": "Mensen", "en": "People"},
    "network.detail.resource_group": {"nl": "In de resourcegroep", "en": "In the resource group"},
    "network.detail.period": {"nl": "Looptijd", "en": "Period"},
    "network.detail.not_allowed": {
        "nl": "De combi's van dit cluster ziet u alleen als aantallen per cluster.",
        "en": "You see this cluster's combos only as counts per cluster.",
    },
    "cluster.aggregated": {
        "nl": "U ziet de combi's van dit cluster als aantallen per soort combi. De coördinator "
        "van het cluster en de netwerkmanager zien elke combi afzonderlijk.",
        "en": "You see this cluster's combos as counts per combo type. The cluster's coordinator "
        "and the network manager see each combo separately.",
    },
    "cluster.col.combos": {"nl": "Combi's", "en": "Combos"},
    "network.detail.not_found": {
        "nl": "Dit onderdeel bestaat niet (meer) in de gegevens.",
        "en": "This part does not exist (any more) in the data.",
    },
    # --- Rollen -------------------------------------------------------------------------------
    "roles.as_of": {"nl": "Stand op {date}.", "en": "As on {date}."},
    "roles.scope": {"nl": "Niveau", "en": "Scope"},
    "roles.scope.network": {"nl": "Netwerk", "en": "Network"},
    "roles.vacant": {"nl": "Niet ingevuld", "en": "Vacant"},
    "roles.not_needed": {"nl": "n.v.t.", "en": "n/a"},
    "roles.not_needed.title": {
        "nl": "Deze rol hoort niet op dit niveau",
        "en": "This role does not belong at this scope",
    },
    "roles.via_combo": {"nl": "via combi {combo}", "en": "through combo {combo}"},
    "roles.no_vacancies": {
        "nl": "Alle rollen die het netwerk nodig heeft, zijn ingevuld.",
        "en": "Every role the network needs is carried.",
    },
    "roles.vacancy_count": {
        "nl": "{count} rollen zijn niet ingevuld.",
        "en": "{count} roles are vacant.",
    },
    "roles.vacancy_count.one": {
        "nl": "Eén rol is niet ingevuld.",
        "en": "One role is vacant.",
    },
    "roles.none_many": {
        "nl": "Niemand draagt meer dan één rol.",
        "en": "Nobody carries more than one role.",
    },
    "roles.count": {"nl": "Aantal rollen", "en": "Number of roles"},
    "roles.role": {"nl": "Rol", "en": "Role"},
    "roles.carriers": {"nl": "Dragers", "en": "Carriers"},
    "roles.share": {"nl": "Aandeel van de dragers", "en": "Share of the carriers"},
    "roles.truncated": {
        "nl": "De eerste {shown} van {total} clusters; de niet ingevulde rollen staan hiernaast compleet.",
        "en": "The first {shown} of {total} clusters; the vacant roles are listed in full alongside.",
    },
    # --- Geldstromen --------------------------------------------------------------------------
    "money.other_combos": {"nl": "Overige combi's", "en": "Other combos"},
    "money.other_clusters": {"nl": "Overige clusters", "en": "Other clusters"},
    "money.other_partners": {"nl": "Overige partners", "en": "Other partners"},
    "money.folded_clusters": {
        "nl": "{count} kleinere clusters zijn samengevoegd tot ‘Overige clusters’; kies een "
        "cluster op de pagina Mijn cluster voor de combi's daarvan.",
        "en": "{count} smaller clusters are combined into ‘Other clusters’; open a cluster on "
        "the My cluster page for its combos.",
    },
    "money.folded": {
        "nl": "{count} kleinere combi's zijn samengevoegd tot ‘Overige combi's’.",
        "en": "{count} smaller combos are combined into ‘Other combos’.",
    },
    "money.sankey.label": {
        "nl": "Geldstromen van {quarter}: {links} stromen, samen {total} vanuit de financiers.",
        "en": "Money flows of {quarter}: {links} flows, {total} in total from the funders.",
    },
    "money.overhead.summary": {
        "nl": "{share} van {total} gaat naar aansturing en overhead ({overhead}). De grens is {limit}.",
        "en": "{share} of {total} goes to steering and overhead ({overhead}). The limit is {limit}.",
    },
    "money.overhead.within": {"nl": "Binnen de grens", "en": "Within the limit"},
    "money.overhead.breached": {"nl": "Grens overschreden", "en": "Limit exceeded"},
    "money.overhead.share": {"nl": "Aandeel overhead", "en": "Overhead share"},
    "money.overhead.limit": {"nl": "Grens {limit}", "en": "Limit {limit}"},
    "money.trend.incoming": {"nl": "Binnengekomen bij de fondsbeheerder", "en": "Received by the fund administrator"},
    "money.trend.allocated": {"nl": "Toegekend door de fondsbeheerder", "en": "Allocated by the fund administrator"},
    "money.trend.spent": {"nl": "Besteed", "en": "Spent"},
    "money.amount": {"nl": "Bedrag (€)", "en": "Amount (€)"},
    "money.quarter": {"nl": "Kwartaal", "en": "Quarter"},
    # --- Mijn cluster -------------------------------------------------------------------------
    "cluster.not_found": {
        "nl": "Er is geen cluster met de code {code}.",
        "en": "There is no cluster with the code {code}.",
    },
    "cluster.summary": {
        "nl": "{combos} combi's in {quarter}. Klik op een rij (of kies hem met de pijltjestoetsen "
        "en de spatiebalk) voor de details.",
        "en": "{combos} combos in {quarter}. Click a row (or pick it with the arrow keys and the "
        "space bar) for its details.",
    },
    "cluster.grid.label": {"nl": "Combi's van het cluster", "en": "The cluster's combos"},
    "cluster.col.combo": {"nl": "Combi", "en": "Combo"},
    "cluster.col.resource_group": {"nl": "Resourcegroep", "en": "Resource group"},
    "cluster.col.members": {"nl": "Leden", "en": "Members"},
    "cluster.col.experiences": {"nl": "Ervaringen", "en": "Experiences"},
    "cluster.group.members": {"nl": "Leden naar soort", "en": "Members by type"},
    "cluster.group.experiences": {"nl": "Ervaringen naar dimensie", "en": "Experiences by dimension"},
    "cluster.group.money": {"nl": "Geld dit kwartaal", "en": "Money this quarter"},
    "cluster.detail.professionals": {"nl": "Professionals", "en": "Professionals"},
    "cluster.detail.organised_by": {"nl": "Ervaringen: wie organiseerde de oplossing", "en": "Experiences: who organised the solution"},
    "cluster.detail.flows": {"nl": "Geldstromen", "en": "Money flows"},
    "cluster.detail.notes": {"nl": "Notities", "en": "Notes"},
    "cluster.notes.none": {"nl": "Nog geen notities.", "en": "No notes yet."},
    "cluster.notes.label": {"nl": "Nieuwe notitie bij deze combi", "en": "New note on this combo"},
    "cluster.notes.add": {"nl": "Notitie toevoegen", "en": "Add note"},
    "cluster.notes.saved": {"nl": "De notitie is opgeslagen.", "en": "The note was saved."},
    "cluster.notes.refused.empty": {"nl": "Schrijf eerst een notitie; een lege notitie wordt niet opgeslagen.", "en": "Write a note first; an empty note is not saved."},
    "cluster.notes.refused.too_long": {"nl": "Een notitie is hoogstens 2.000 tekens lang.", "en": "A note is at most 2,000 characters long."},
    "cluster.notes.refused.unknown_combo": {"nl": "Deze combi bestaat niet (meer).", "en": "This combo does not exist (any more)."},
    "cluster.detail.from_to": {"nl": "Van → naar", "en": "From → to"},
    "clusters.combos": {"nl": "{count} combi's", "en": "{count} combos"},
    # --- Data ---------------------------------------------------------------------------------
    "data.upload": {
        "nl": "Sleep een .zip- of .xlsx-bestand hierheen, of klik om te kiezen",
        "en": "Drag a .zip or .xlsx file here, or click to choose one",
    },
    "data.import.help": {
        "nl": "Alles of niets: bij een fout verandert er niets, en ziet u hieronder elke fout met "
        "bestand, regel en kolom. Opnieuw inlezen van hetzelfde pakket verandert niets.",
        "en": "All or nothing: with any error nothing changes, and every error is listed below "
        "with file, line and column. Importing the same package again changes nothing.",
    },
    "data.not_available": {
        "nl": "Het inlezen van gegevenspakketten is in deze versie nog niet beschikbaar.",
        "en": "Importing data packages is not available in this version yet.",
    },
    "data.export.not_available": {
        "nl": "Het exporteren is in deze versie nog niet beschikbaar.",
        "en": "Exporting is not available in this version yet.",
    },
    "data.not_allowed": {
        "nl": "Alleen de beheerder kan gegevens inlezen en exporteren.",
        "en": "Only the administrator can import and export data.",
    },
    "data.wrong_type": {
        "nl": "Dit bestandstype kunnen we niet inlezen: kies een .zip (met CSV-bestanden) of een .xlsx.",
        "en": "We cannot import this type of file: choose a .zip (of CSV files) or an .xlsx.",
    },
    "data.bad_zip": {
        "nl": "Het zip-bestand is beschadigd of bevat onveilige bestandsnamen.",
        "en": "The zip file is damaged or holds unsafe file names.",
    },
    "data.imported": {
        "nl": "‘{name}’ is ingelezen. Alle pagina's tonen nu de nieuwe gegevens.",
        "en": "‘{name}’ has been imported. Every page now shows the new data.",
    },
    "data.failed": {
        "nl": "‘{name}’ is niet ingelezen: er is niets veranderd. {count} fouten gevonden:",
        "en": "‘{name}’ was not imported: nothing changed. {count} errors found:",
    },
    "data.export.button": {"nl": "Download de gegevens (zip)", "en": "Download the data (zip)"},
    "data.export.ready": {
        "nl": "Het pakket met alle gegevens wordt gedownload.",
        "en": "The package with all data is being downloaded.",
    },
    "data.progress": {"nl": "Bezig met inlezen en controleren…", "en": "Importing and checking…"},
    # --- not found ----------------------------------------------------------------------------
    "notfound.title": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "notfound.body": {
        "nl": "Deze pagina bestaat niet. Kies een onderdeel in het menu hierboven.",
        "en": "This page does not exist. Choose a section in the menu above.",
    },
    # --- login --------------------------------------------------------------------------------
    "login.title": {"nl": "Inloggen", "en": "Sign in"},
    "login.intro": {
        "nl": "Log in met het account dat u van de beheerder hebt gekregen.",
        "en": "Sign in with the account the administrator gave you.",
    },
    "login.username": {"nl": "Gebruikersnaam", "en": "User name"},
    "login.password": {"nl": "Wachtwoord", "en": "Password"},
    "login.submit": {"nl": "Inloggen", "en": "Sign in"},
    "login.failed": {
        "nl": "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.",
        "en": "We do not know this combination of user name and password.",
    },
    "login.throttled": {
        "nl": "Te veel pogingen. Probeer het over enkele minuten opnieuw.",
        "en": "Too many attempts. Please try again in a few minutes.",
    },
    "login.expired_form": {
        "nl": "Het formulier was verlopen. Probeer het opnieuw.",
        "en": "The form had expired. Please try again.",
    },
    "login.logged_out": {"nl": "U bent uitgelogd.", "en": "You have signed out."},
    "login.error_heading": {"nl": "Inloggen is niet gelukt", "en": "Signing in failed"},
    # --- allocation editor (/geldstromen/bewerken, issue 6) -----------------------------------
    "editor.title": {"nl": "Geldstromen bewerken", "en": "Edit money flows"},
    "editor.intro": {
        "nl": "Verschuif toewijzingen tussen clusters, combi's en partners binnen de grenzen. "
        "Bekijk eerst het effect; pas dan legt u het vast. Niets wordt overschreven: elke "
        "wijziging is een nieuwe boeking met wie, wanneer en waarom.",
        "en": "Reallocate between clusters, combos and partners within the boundaries. See the "
        "effect first, then commit. Nothing is overwritten: every change is a new entry with who, "
        "when and why.",
    },
    "editor.refused.title": {"nl": "Geen toegang", "en": "Not allowed"},
    "editor.refused.body": {
        "nl": "Alleen de netwerkmanager kan geldstromen bewerken.",
        "en": "Only the network manager can edit money flows.",
    },
    "editor.state": {"nl": "Versie {version} · {status}", "en": "Version {version} · {status}"},
    "editor.state.open": {"nl": "open", "en": "open"},
    "editor.state.locked": {"nl": "afgesloten door {who}", "en": "locked by {who}"},
    "editor.allocations": {"nl": "Toewijzingen in dit kwartaal", "en": "Allocations this quarter"},
    "editor.allocations.hint": {
        "nl": "Kies een regel om die toewijzing als bron van de verschuiving te gebruiken.",
        "en": "Choose a row to use that allocation as the source of the move.",
    },
    "editor.form": {"nl": "Verschuiving", "en": "Reallocation"},
    "editor.from": {"nl": "Van (ontvanger die afstaat)", "en": "From (recipient giving up)"},
    "editor.to": {"nl": "Naar", "en": "To"},
    "editor.amount": {"nl": "Bedrag (€)", "en": "Amount (€)"},
    "editor.reason": {"nl": "Reden (verplicht)", "en": "Reason (required)"},
    "editor.flow": {"nl": "Alleen toewijzing", "en": "Only allocation"},
    "editor.preview": {"nl": "Bekijk effect", "en": "Show effect"},
    "editor.commit": {"nl": "Vastleggen", "en": "Commit"},
    "editor.need.from": {"nl": "Kies van wie het geld komt.", "en": "Choose where the money comes from."},
    "editor.need.to": {"nl": "Kies naar wie het geld gaat.", "en": "Choose where the money goes."},
    "editor.need.reason": {"nl": "Vul een reden in.", "en": "Enter a reason."},
    "editor.need.preview": {
        "nl": "Bekijk eerst het effect van deze verschuiving.",
        "en": "Look at the effect of this move first.",
    },
    "editor.changed": {
        "nl": "U heeft de verschuiving gewijzigd na het voorbeeld; bekijk het effect opnieuw.",
        "en": "You changed the move after the preview; look at the effect again.",
    },
    "editor.committed": {
        "nl": "Vastgelegd: {what} (versie {version}).",
        "en": "Committed: {what} (version {version}).",
    },
    "editor.replayed": {"nl": "Dit was al vastgelegd.", "en": "This was already recorded."},
    "editor.conflict": {
        "nl": "Iemand anders heeft dit kwartaal intussen gewijzigd. Hieronder staat het nieuwe "
        "effect (versie {version}); controleer het en leg opnieuw vast.",
        "en": "Someone else changed this quarter meanwhile. Below is the fresh effect (version "
        "{version}); check it and commit again.",
    },
    "editor.whatif": {"nl": "Effect (wat-als)", "en": "Effect (what-if)"},
    "editor.whatif.empty": {
        "nl": "Vul een verschuiving in en kies ‘Bekijk effect’.",
        "en": "Fill in a move and choose ‘Show effect’.",
    },
    "editor.whatif.ok": {
        "nl": "Binnen de grenzen: deze verschuiving kan worden vastgelegd.",
        "en": "Within the boundaries: this move can be committed.",
    },
    "editor.whatif.not_ok": {
        "nl": "Deze verschuiving kan zo niet worden vastgelegd.",
        "en": "This move cannot be committed as it is.",
    },
    "editor.whatif.unchanged": {
        "nl": "{n} andere clusters veranderen niet door deze verschuiving; ze staan hier niet.",
        "en": "{n} other clusters are not changed by this move; they are not listed here.",
    },
    "editor.before": {"nl": "Voor", "en": "Before"},
    "editor.after": {"nl": "Na", "en": "After"},
    "editor.indicator": {"nl": "Indicator of grens", "en": "Indicator or boundary"},
    "editor.scope": {"nl": "Niveau", "en": "Scope"},
    "editor.network": {"nl": "netwerk", "en": "network"},
    "editor.breached": {"nl": "overschreden", "en": "breached"},
    "editor.within": {"nl": "binnen de grens", "en": "within"},
    "editor.balances": {"nl": "Saldo per cluster (ontvangen − toegewezen)", "en": "Balance per cluster (received − allocated)"},
    "editor.received": {"nl": "Ontvangen", "en": "Received"},
    "editor.balance": {"nl": "Saldo", "en": "Balance"},
    "editor.history": {"nl": "Historie", "en": "History"},
    "editor.history.source": {"nl": "Soort boeking", "en": "Kind of posting"},
    "editor.history.all": {"nl": "Alle boekingen", "en": "All postings"},
    "editor.history.code": {"nl": "Code (van, naar of stroom)", "en": "Code (from, to or flow)"},
    "editor.undo": {"nl": "Geselecteerde boeking ongedaan maken", "en": "Undo the selected posting"},
    "editor.undo.reason": {"nl": "Reden voor het ongedaan maken", "en": "Reason for the undo"},
    "editor.undo.select": {"nl": "Kies eerst een boeking in de historie.", "en": "Choose a posting in the history first."},
    "editor.undone": {"nl": "Ongedaan gemaakt met boeking {posting}.", "en": "Undone with posting {posting}."},
    "editor.lock": {"nl": "Kwartaal afsluiten", "en": "Lock quarter"},
    "editor.lock.confirm": {
        "nl": "Kwartaal {quarter} afsluiten? Daarna kan alleen een beheerder het heropenen.",
        "en": "Lock quarter {quarter}? Only an administrator can reopen it afterwards.",
    },
    "editor.locked": {"nl": "Kwartaal {quarter} is afgesloten.", "en": "Quarter {quarter} is locked."},
    "editor.no_quarter": {"nl": "Kies een kwartaal.", "en": "Choose a quarter."},
    "editor.col.flow": {"nl": "Stroom", "en": "Flow"},
    "editor.col.from": {"nl": "Van", "en": "From"},
    "editor.col.to": {"nl": "Naar", "en": "To"},
    "editor.col.amount": {"nl": "Bedrag", "en": "Amount"},
    "editor.col.stream": {"nl": "Financieringsstroom", "en": "Stream"},
    "editor.col.purpose": {"nl": "Doel", "en": "Purpose"},
    "editor.col.when": {"nl": "Wanneer", "en": "When"},
    "editor.col.who": {"nl": "Wie", "en": "Who"},
    "editor.col.why": {"nl": "Waarom", "en": "Why"},
    "editor.col.source": {"nl": "Soort", "en": "Kind"},
    "editor.col.type": {"nl": "Boeking", "en": "Entry"},
    "editor.col.key": {"nl": "Sleutel", "en": "Key"},
    "editor.col.undone": {"nl": "Ongedaan door", "en": "Undone by"},
}
