"""The shared SVG charts: every chart writes its values, in French format, on an axis that fits them."""

import re

from reflex import charts


def _values(svg):
    return re.findall(r'class="value">([^<]*)</text>', svg)


def test_numbers_are_written_the_french_way():
    assert charts._number(1234) == "1\xa0234"
    assert charts._number(1.29) == "1,29"
    assert charts._number(12.0) == "12"
    assert charts._number(113.5) == "113,5"
    assert charts._number(None) == "–"


def test_the_axis_ends_just_above_the_largest_value_whatever_its_size():
    assert [charts._nice_max(value) for value in (7, 185, 1.33, 0.088, 4000)] == [10, 200, 2, 0.1, 5000]
    assert charts._nice_max(0) == 1


def test_bars_carry_their_values_and_long_labels_wrap_instead_of_being_cut():
    svg = charts.bar_chart([("À pied", 1.31), ("Événement partenaire", 1.33), ("Camion", 1234)], title="t", width=320)
    assert _values(svg) == ["1,31", "1,33", "1\xa0234"]
    assert ">Événement</tspan>" in svg and ">partenaire</tspan>" in svg
    assert ">2\xa0000</text>" in svg  # the top of the axis: 1 234 rounded up


def test_horizontal_bars_line_and_funnel_carry_their_values():
    assert _values(charts.hbar_chart([("Mobilité", 15), ("Santé", 3)], title="t")) == ["15", "3"]
    assert _values(charts.line_chart([("janv.", 4), ("févr.", 7)], title="t")) == ["4", "7"]
    funnel = charts.funnel_chart([("Contactés", 185), ("Sortis", 7)], title="t")
    assert _values(funnel) == ["Contactés\xa0: 185", "Sortis\xa0: 7"]
    # The narrow last bar cannot hold its label: it is written beside the bar, in dark ink, not cut.
    assert re.search(r'text-anchor="start" font-size="13" fill="#212529" class="value">Sortis\xa0: 7<', funnel)
