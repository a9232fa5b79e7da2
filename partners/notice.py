"""The information notice a young person is given when first met (GDPR art. 13–14): the programme's own text when
the coordinator set one (Programme.information_notice, .information_notice_easy), else these defaults."""

from django.utils.translation import gettext_lazy as _

DEFAULT_NOTICE = _(
    "The partners of the programme keep a record of the young people they meet, to offer them help towards a job or "
    "a training. It holds what you choose to tell us: your first name or nickname, how to reach you and, later, what "
    "we do together. Only the professionals of the programme who work with you can read it; the funder only receives "
    "figures without names. It is kept two years after our last contact, then made anonymous. You may read it, have "
    "it corrected or erased, or object to it, by asking any professional of the programme or the Mission Locale."
)
DEFAULT_NOTICE_EASY = _(
    "We write down your first name or nickname and how to call you. It is to help you find a job or a training. "
    "Only the people who help you can read it. Nobody else sees your name. We delete it after two years without "
    "news. You can ask us to see it, change it or delete it, whenever you want."
)


def notice_texts(programme):
    """(full text, easy-to-read text) of the programme's information notice."""
    full = (programme.information_notice if programme else "") or DEFAULT_NOTICE
    easy = (programme.information_notice_easy if programme else "") or DEFAULT_NOTICE_EASY
    return str(full), str(easy)
