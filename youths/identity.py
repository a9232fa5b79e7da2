"""Normalised identity keys, shared by duplicate detection, search and any app that needs to compare people.

Every function is pure and cheap; the keys are stored in indexed columns of `Youth` (see `Youth.refresh_keys`).

- `fold("  Élodie-Marie ")` → "elodie marie": accents, case, punctuation and extra blanks removed;
- `name_key("MARTIN", "élodie")` == `name_key("Élodie", "Martin")` == "elodie martin": order-insensitive;
- `name_tokens(...)`: the distinct folded words of the names and nickname, for the indexed prefilter;
- `phone_key("06 12 34 56 78")` == `phone_key("+33 6 12 34 56 78")` == "+33612345678" (E.164, French by default),
  "" when the number is impossible;
- `email_key(" Jean.Dupont@Mail.FR ")` == "jean.dupont@mail.fr";
- `age_on(day, birth_date=None, birth_year=None)`: age in full years on a day (from the year alone, approximate).
"""

import re
import unicodedata

import phonenumbers

DEFAULT_REGION = "FR"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text):
    """Lower case, without accents or punctuation, single spaces: "  Élodie-Marie " → "elodie marie"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    ascii_text = ascii_text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _NOT_ALNUM.sub(" ", ascii_text.lower()).strip()


def name_key(*names):
    """The folded words of the names, sorted: the same for "Élodie Martin" and "MARTIN elodie"."""
    words = " ".join(fold(name) for name in names if name).split()
    return " ".join(sorted(words))


def name_tokens(*names):
    """Distinct folded words of at least two characters (for the indexed token prefilter)."""
    words = " ".join(fold(name) for name in names if name).split()
    return sorted({word for word in words if len(word) >= 2})


def nickname_key(nickname):
    return fold(nickname).replace(" ", "")


def parse_phone(raw, region=DEFAULT_REGION):
    """A phonenumbers.PhoneNumber if `raw` is a possible and valid number, else None."""
    if not raw or not str(raw).strip():
        return None
    try:
        number = phonenumbers.parse(str(raw), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return number


def phone_key(raw, region=DEFAULT_REGION):
    """E.164 form of a phone number ("+33612345678"), or "" when it is empty or impossible."""
    number = parse_phone(raw, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def format_phone(raw, region=DEFAULT_REGION):
    """The national French display form ("06 12 34 56 78"); other countries in international form."""
    number = parse_phone(raw, region)
    if number is None:
        return (raw or "").strip()
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_prefix(text):
    """For search-as-you-type: the E.164 prefix of the numbers starting with what was typed, or "".

    "06 12 34" → "+3361234"; "+33 6 12" → "+33612"; "Martin" → "" (not a number).
    """
    digits = re.sub(r"\D", "", text or "")
    if len(digits) < 4 or re.search(r"[a-zA-Z]", text or ""):
        return ""
    stripped = (text or "").strip()
    if stripped.startswith("+"):
        return "+" + digits
    if digits.startswith("0033"):
        return "+33" + digits[4:]
    if digits.startswith("0"):
        return "+33" + digits[1:]
    if digits.startswith("33") and len(digits) > 10:
        return "+" + digits
    return ""


def email_key(raw):
    return (raw or "").strip().lower()


def age_on(day, birth_date=None, birth_year=None):
    """Age in full years on `day`; from the birth year alone, the age reached during that year."""
    if day is None:
        return None
    if birth_date is not None:
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if birth_year:
        return day.year - birth_year
    return None
