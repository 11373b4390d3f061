"""The figure builders: data in, figure out, no browser."""

from __future__ import annotations

from decimal import Decimal

from saniveld import money, network
from saniveld.web import figures


def _graph(level="full"):
    return network.Graph(
        nodes=[network.Node("cluster:N", "cluster", "N", "Noord", "N", combos=12),
               network.Node("combo:C1", "combo", "C1", "Wijkteam", "N", "wijkteam", residents=100,
                            resource_group=True)],
        edges=[network.Edge("cluster:N", "combo:C1", "contains")],
        level=level,
    )


def test_network_elements_size_by_residents_and_mark_resource_groups():
    elements = figures.network_elements(_graph(), "nl")
    combo = elements[1]
    assert combo["data"]["size"] == 58.0  # 18 + 4 × √100
    assert combo["classes"] == "combo resource-group"
    assert elements[2]["data"] == {"id": "cluster:N->combo:C1", "source": "cluster:N",
                                   "target": "combo:C1", "kind": "contains"}


def test_cluster_level_labels_carry_the_combo_count_and_drill_down():
    cluster = figures.network_elements(_graph("clusters"), "nl")[0]
    assert cluster["data"]["label"] == "Noord (12 combi's)"
    assert cluster["data"]["drill"] is True


def test_the_chosen_node_is_outlined_and_its_id_cannot_break_the_selector():
    style = figures.network_stylesheet('combo:C1"] node[x')
    assert style[-1]["selector"] == 'node[id = "combo:C1] node[x"]'
    assert len(figures.network_stylesheet()) == len(style) - 1


def test_sankey_hover_texts_are_dutch_money():
    sankey = money.Sankey(["GEM", "FA"], ["Gemeente", "Fonds"], ["funder", "fund_administrator"],
                          [0], [1], [Decimal("1234567.89")])
    trace = figures.sankey_figure(sankey, "nl").data[0]
    assert trace.link.customdata == ("€ 1.234.568",)
    assert trace.node.color == ("#8a6d3b", "#1b4f72")


def test_overhead_bar_has_the_limit_line():
    share = money.OverheadShare("2025-Q2", Decimal("120.00"), Decimal("1500.00"))
    figure = figures.overhead_figure(share, "nl")
    assert figure.data[0].x == (8.0,) and figure.data[0].text == ("8,0 %",)
    assert figure.layout.shapes[0].x0 == 15.0
    assert figure.layout.annotations[0].text == "grens 15 %"
