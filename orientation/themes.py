"""The data·inclusion vocabularies (thématiques, publics, modes d'accueil), read from the `data-inclusion-schema`
package rather than retyped, and how its theme categories map to our barrier categories."""

from data_inclusion.schema.v1 import Categorie, ModeAccueil, Public, Thematique

from accompaniment.enums import BarrierCategory

THEME_CHOICES = [(theme.value, theme.label) for theme in Thematique]
PUBLIC_CHOICES = [(public.value, public.label) for public in Public]
MODE_CHOICES = [(mode.value, mode.label) for mode in ModeAccueil]
THEME_VALUES = frozenset(theme.value for theme in Thematique)
PUBLIC_VALUES = frozenset(public.value for public in Public)
MODE_VALUES = frozenset(mode.value for mode in ModeAccueil)

# A data·inclusion thématique is "<catégorie>--<thème>"; each catégorie lifts one kind of barrier. Themes named
# here override their catégorie (a justice matter sits under the administrative and legal catégorie).
BARRIER_OF_CATEGORY = {
    Categorie.SANTE: BarrierCategory.HEALTH,
    Categorie.MOBILITE: BarrierCategory.MOBILITY,
    Categorie.LOGEMENT_HEBERGEMENT: BarrierCategory.HOUSING,
    Categorie.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES: BarrierCategory.RIGHTS,
    Categorie.NUMERIQUE: BarrierCategory.DIGITAL,
    Categorie.DIFFICULTES_FINANCIERES: BarrierCategory.RESOURCES,
    Categorie.EQUIPEMENT_ET_ALIMENTATION: BarrierCategory.RESOURCES,
    Categorie.FAMILLE: BarrierCategory.CHILDCARE,
    Categorie.LECTURE_ECRITURE_CALCUL: BarrierCategory.LANGUAGE,
    Categorie.REMOBILISATION: BarrierCategory.CONFIDENCE,
    Categorie.SE_FORMER: BarrierCategory.QUALIFICATION,
    Categorie.CHOISIR_UN_METIER: BarrierCategory.QUALIFICATION,
}
BARRIER_OF_THEME = {
    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire": (
        BarrierCategory.JUSTICE
    ),
}


def barrier_categories_of(themes):
    """The barrier categories a service lifts, from its data·inclusion thématiques (sorted, without repeats)."""
    found = set()
    for theme in themes:
        if theme in BARRIER_OF_THEME:
            found.add(BARRIER_OF_THEME[theme])
            continue
        category = theme.split("--", 1)[0]
        try:
            barrier = BARRIER_OF_CATEGORY.get(Categorie(category))
        except ValueError:
            barrier = None
        if barrier is not None:
            found.add(barrier)
    return sorted(str(barrier) for barrier in found)


def labels(values, choices):
    names = dict(choices)
    return [names.get(value, value) for value in values]
