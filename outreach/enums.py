from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    SQUARE = "square", _("Square")
    MALL = "mall", _("Shopping mall")
    SPORTS_GROUND = "sports_ground", _("Sports ground")
    SCHOOL_EXIT = "school_exit", _("School exit")
    TRANSPORT_HUB = "transport_hub", _("Station or transport hub")
    PARTNER_SITE = "partner_site", _("Partner site")
    EVENT = "event", _("Event")
    ONLINE = "online", _("Online")


class SessionMode(models.TextChoices):
    TRUCK = "truck", _("Truck")
    ON_FOOT = "on_foot", _("On foot")
    PARTNER_EVENT = "partner_event", _("Partner event")
    ONLINE = "online", _("Online / social networks")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Weather(models.TextChoices):
    SUNNY = "sunny", _("Sunny")
    CLOUDY = "cloudy", _("Cloudy")
    RAIN = "rain", _("Rain")
    COLD = "cold", _("Cold")
    HOT = "hot", _("Heat")


class Channel(models.TextChoices):
    DIRECT = "direct", _("Directly")
    ENTOURAGE = "entourage", _("Through the entourage")


class EntourageKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    SHOPKEEPER = "shopkeeper", _("Shopkeeper")
    COACH = "coach", _("Sports coach")
    YOUTH_WORKER = "youth_worker", _("Youth worker")
    PROFESSIONAL = "professional", _("Partner professional")
    OTHER = "other", _("Other relay")


class AgeBand(models.TextChoices):
    UNDER_18 = "16-17", _("16–17")
    FROM_18_TO_25 = "18-25", _("18–25")
    FROM_26_TO_29 = "26-29", _("26–29")
    UNKNOWN = "unknown", _("Unknown")


class TallySex(models.TextChoices):
    FEMALE = "F", _("Girls")
    MALE = "M", _("Boys")
    MIXED = "X", _("Mixed or not noted")


class ContactKind(models.TextChoices):
    FIRST = "first", _("First contact")
    REPEAT = "repeat", _("Repeat contact")


class ContactOutcome(models.TextChoices):
    INFORMATION = "information", _("Information given")
    APPOINTMENT = "appointment", _("Appointment set")
    ACCOMPANIMENT_PROPOSED = "accompaniment", _("Accompaniment proposed")
    REFUSED = "refused", _("Refused")


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    SNAPCHAT = "snapchat", "Snapchat"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    DISCORD = "discord", "Discord"
    OTHER = "other", _("Other")


class OnlineKind(models.TextChoices):
    POST = "post", _("Post")
    STORY = "story", _("Story")
    DIRECT_MESSAGES = "messages", _("Direct messages")
    LIVE = "live", _("Live")


class Season(models.TextChoices):
    WINTER = "winter", _("Winter")
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("To confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class SubmissionOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    INVALID = "invalid", _("Refused: invalid")
    RATE_LIMITED = "rate_limited", _("Refused: too many")
    EXPIRED = "expired", _("Refused: expired")
