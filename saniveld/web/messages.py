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
