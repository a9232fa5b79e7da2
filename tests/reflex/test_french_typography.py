"""French that reads right (reflex/typography.py has the rule): the French catalogues and a sample of rendered pages,
as coordinator and professional, are scanned for an ordinary space before : ; ! ? » or after «, Django's
"---------" empty choice, field labels starting in lower case, and "1" followed by a plural word.
(A number and "%" take a no-break space too.)

To fix a failure: run `python tools/french_typography.py` for the catalogues; in a template, write `&nbsp;:` (or
`&#8239;?`) for punctuation outside a translated string; count with `{% blocktranslate count %}` or `ngettext`."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from reflex.typography import NARROW_NBSP, NBSP, french_spacing, spacing_faults
from tests.accompaniment.factories import PathwayFactory
from tests.outreach.factories import OutreachSessionFactory, TallyFactory
from tests.reflex.test_vocabulary import CATALOGUES
from tests.url_walk import all_urls
from tests.youths.factories import YouthFactory

# Words ending in s or x that are singular too ("1 mois", "1 fois").
INVARIABLE = {"mois", "fois", "cas", "temps", "plus", "sans", "dans", "pas", "sous", "vers", "avis", "accès", "prix"}
BLOCK = "\x00"
ONE_THEN_PLURAL = re.compile(r"(?<![\w,.\u00a0\u202f/:-])1[ \u00a0\u202f]+([a-zàâçéèêëîïôûùüÿœ]+[sx])\b")


# --- The rule itself ----------------------------------------------------------------------------------------------


def test_the_rule_puts_a_no_break_space_before_colons_and_in_guillemets_a_narrow_one_before_the_others():
    assert french_spacing("Référent : « Yaya » ; oublié ? Merci !") == (
        f"Référent{NBSP}: «{NBSP}Yaya{NBSP}»{NARROW_NBSP}; oublié{NARROW_NBSP}? Merci{NARROW_NBSP}!"
    )
    assert french_spacing(french_spacing("Note : x")) == french_spacing("Note : x")
    assert french_spacing("Intervalle à 80 %, similarité %(score)s %%") == (
        f"Intervalle à 80{NBSP}%, similarité %(score)s{NBSP}%%"
    )


def test_the_rule_leaves_times_urls_and_codes_alone():
    for text in ("à 10:30", "https://exemple.fr/?page=2", "EPSG:4326", "%(name)s:%(value)s", "a:b;c"):
        assert french_spacing(text) == text
        assert spacing_faults(text) == []


def test_the_scan_finds_an_ordinary_space_and_the_wrong_no_break_space():
    assert spacing_faults("Référent : Karim")
    assert spacing_faults(f"Perdu{NBSP}?")  # a narrow one before ?
    assert spacing_faults("« Yaya»")
    assert spacing_faults(f"Référent{NBSP}: «{NBSP}Yaya{NBSP}»{NARROW_NBSP}!") == []


# --- The catalogues -----------------------------------------------------------------------------------------------


def _french_texts():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    yield path, entry, text


def test_every_french_catalogue_follows_the_spacing_rule():
    faults = {entry.msgid: spacing_faults(text) for _path, entry, text in _french_texts() if spacing_faults(text)}
    assert faults == {}, "run tools/french_typography.py"


def test_no_french_text_offers_django_s_dashes_as_an_empty_choice():
    assert [entry.msgid for _path, entry, text in _french_texts() if "-----" in text] == []


def test_a_counted_french_text_is_in_a_plural_entry():
    """A text that starts with a count and a plural word ("%(n)s rencontrés") is an ngettext entry."""
    counted = re.compile(r"^%\((?:n|count|counter)\)[sd] [a-zàâçéèêëîïôûùüÿœ]+[sx]\b")
    wrong = [
        entry.msgid
        for _path, entry, text in _french_texts()
        if not entry.msgid_plural
        and counted.search(text)
        and counted.search(text).group().split()[-1] not in INVARIABLE
    ]
    assert wrong == []


# --- Rendered pages -----------------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a person reads (code, scripts and typed values left out) and the labels of fields."""

    SKIPPED = {"script", "style", "code", "pre", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.labels, self._skipping, self._label = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        classes = (dict(attrs).get("class") or "").split()
        if tag == "legend" or (tag == "label" and {"form-label", "col-form-label"} & set(classes)):
            self._label = []
        if tag in {"p", "div", "li", "td", "th", "option", "label", "h1", "h2", "h3", "br", "title", "tr", "dt", "dd"}:
            self.parts.append(BLOCK)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping -= 1
        if tag in {"label", "legend"} and self._label is not None:
            self.labels.append(" ".join("".join(self._label).split()))
            self._label = None

    def handle_data(self, data):
        if self._skipping:
            return
        self.parts.append(data)
        if self._label is not None:
            self._label.append(data)

    def text(self):
        return re.sub(r"[ \t\r\n]+", " ", "".join(self.parts)).replace(BLOCK, " ")

    def blocks(self):
        """The text of each block (a figure's card and its caption are two): "1" and a word must share one."""
        return [re.sub(r"[ \t\r\n]+", " ", block) for block in "".join(self.parts).split(BLOCK)]


def _faults(html):
    page = _Text()
    page.feed(html)
    text = page.text()
    faults = [f"spacing: {excerpt!r}" for excerpt in spacing_faults(text)]
    if "---------" in html:
        faults.append("Django's '---------' empty choice")
    faults += [f"label in lower case: {label!r}" for label in page.labels if label[:1].islower()]
    faults += [
        f"plural after 1: {block[max(0, match.start() - 40) : match.end()]!r}"
        for block in page.blocks()
        for match in ONE_THEN_PLURAL.finditer(block)
        if match.group(1) not in INVARIABLE
    ]
    return faults


@pytest.fixture
def sample(professional, programme):
    youth = YouthFactory(identified=True, shared=True, nickname="Yaya")
    pathway = PathwayFactory(youth=youth, referent=professional)
    session = OutreachSessionFactory(staff=[professional], done=True)
    TallyFactory(session=session, count=1, new_count=1)  # "1 nouveau", not "1 nouveaux"
    return [
        reverse("youths:detail", args=[youth.pk]),
        reverse("youths:edit", args=[youth.pk]),
        reverse("accompaniment:youth", args=[youth.pk]),
        reverse("accompaniment:follow_up_create", args=[youth.pk]),
        reverse("accompaniment:appointment_create", args=[youth.pk]),
        reverse("accompaniment:pathway_edit", args=[pathway.pk]),
        reverse("accompaniment:pathway_referent", args=[pathway.pk]),
        reverse("accompaniment:barrier_create", args=[pathway.pk]),
        reverse("accompaniment:action_create", args=[pathway.pk]),
        reverse("accompaniment:exit_create", args=[pathway.pk]),
        reverse("outreach:session_detail", args=[session.pk]),
        reverse("outreach:session_edit", args=[session.pk]),
        reverse("outreach:session_log", args=[session.pk]),
        reverse("accompaniment:pathway_start", args=[YouthFactory(identified=True, shared=True).pk]),
    ]


def test_pages_read_as_french_is_written(coordinator_client, professional_client, sample):
    """Every parameter-less page and the pages of a young person, a pathway and a session, in both roles."""
    urls = [url for _namespace, url, pattern in all_urls() if not pattern.pattern.converters] + sample
    checked, faults = 0, {}
    with translation.override("fr"):
        for url in urls:
            for role, client in (("coordinator", coordinator_client), ("professional", professional_client)):
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                checked += 1
                found = _faults(response.content.decode())
                if found:
                    faults[f"{url} ({role})"] = found
    assert faults == {}, faults
    assert checked > 40


def test_forms_say_choose_for_an_empty_choice_and_capitalise_their_labels(professional_client, sample):
    page = _Text()
    page.feed(professional_client.get(sample[-1]).content.decode())  # starting a pathway: "referent", "start date"
    assert {"Référent*", "Date de début*"} <= set(page.labels)
    exit_form = professional_client.get(sample[9]).content.decode()  # the exit: outcome and contract type
    assert "— Choisir —" in exit_form and "---------" not in exit_form


def test_charts_write_numbers_as_french_does():
    from reflex.charts import bar_chart

    with translation.override("fr"):
        svg = bar_chart([("Lundi", 1234), ("Mardi", 2.5)], title="Rencontres", unit="%")
    assert f"Lundi{NBSP}: 1{NBSP}234{NBSP}%" in svg and f"Mardi{NBSP}: 2,5{NBSP}%" in svg
    assert spacing_faults(svg) == []
