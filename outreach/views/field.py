"""The field screen ("Je suis en sortie" / "Fin de sortie"): one phone page per session, an installable web app
that keeps what is typed in the browser and sends it when the network allows (outreach/capture.py).

Field staff only; a session's screen to whoever may complete it (outreach.perms.can_edit_session). The service
worker and the manifest are public files (a browser fetches them without cookies), holding no data.
"""

import hashlib
import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partners.models import Programme
from partners.notice import notice_texts
from partners.perms import require
from reflex import submissions
from youths import duplicates
from youths.enums import ConsentChannel
from youths.models import Youth

from .. import capture
from ..enums import AgeBand, RegistrationStatus, SessionMode, TallySex
from ..forms import FieldStartForm
from ..models import OutreachSession, Relay
from ..perms import can_use_outreach
from .access import get_session, with_visibility

MAX_ENTRIES_PER_REQUEST = 100
# The files the service worker keeps (templates/outreach/field_sw.js): their versioned names make its cache's name.
CACHED_FILES = ("outreach/capture.js", "outreach/outreach.css", "vendor/idb-8.0.4.min.js", "reflex/reflex.css")
SEARCH_RESULTS = 6


@require(can_use_outreach)
def field_home(request):
    """ "Je suis en sortie": the session in progress or just ended, when the planning has one for the user today
    (straight to its screen when there is one), else a short form for a session that was not planned."""
    now = timezone.localtime()
    if done := submissions.earlier(request):  # a double tap on "Start": the session was started already
        return redirect(done.result_url or "outreach:field_home")
    sessions = list(OutreachSession.objects.for_field_screen(request.user, now))
    if len(sessions) == 1 and request.method == "GET":
        return redirect("outreach:field_session", sessions[0].pk)
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    last_place = (
        OutreachSession.objects.filter(Q(staff=request.user) | Q(created_by=request.user))
        .order_by("-date", "-start_time")
        .values_list("place_id", flat=True)
        .first()
    )
    initial = {
        "date": now.date(),
        "start_time": start.time(),
        "end_time": min(start + timedelta(hours=2), start.replace(hour=23, minute=45)).time(),
        "mode": SessionMode.TRUCK,
        "place": last_place,
        "staff": [request.user.pk],
    }
    form = FieldStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # two taps at once: the first one started it
            return redirect(earlier.result_url or "outreach:field_home")
        session = form.save(commit=False)
        session.created_by = request.user
        session.mark_done(request.user)
        session.save()
        form.save_m2m()
        if request.user.organisation_id:
            session.organisations.add(request.user.organisation_id)
        return submissions.answered(request, redirect("outreach:field_session", session.pk))
    return render(request, "outreach/field_home.html", {"sessions": sessions, "form": form})


def _choices(pairs):
    return [{"value": value, "label": str(label)} for value, label in pairs]


@require(can_use_outreach)
def field_session(request, pk):
    """The field screen of a session: steppers, named contacts, the information notice, the queue."""
    session = get_session(request, pk, for_edit=True)
    tallies = session.tallies.values("client_id", "count", "new_count", "channel", "entourage_kind", "age_band", "sex")
    counted = [
        {
            "id": str(row["client_id"]) if row["client_id"] else "",
            "count": row["count"],
            "new": row["new_count"],
            "age_band": row["age_band"],
            "sex": row["sex"],
            "via": row["entourage_kind"] or "direct",
        }
        for row in tallies
    ]
    full, easy = notice_texts(Programme.objects.current())
    contacts = with_visibility(session.named_contacts.select_related("youth"), request.user)
    # The relays to pick from: those usually met at the session's place, then those of no particular place.
    relays = [
        {"value": relay.pk, "label": relay.label, "kind": relay.kind}
        for relay in Relay.objects.active()
        .filter(Q(place=session.place_id) | Q(place__isnull=True))
        .order_by(F("place").asc(nulls_last=True), "label", "pk")
    ]
    return render(
        request,
        "outreach/field_session.html",
        {
            "session": session,
            "contacts": contacts,
            "registrations": session.self_registrations.filter(status=RegistrationStatus.PENDING),
            "counted": counted,
            "notice_full": full,
            "notice_easy": easy,
            "ages": _choices(AgeBand.choices),
            "sexes": _choices(TallySex.choices),
            "vias": _choices(capture.VIA_CHOICES),
            "relays": relays,
            "notice_channels": ConsentChannel.choices,
            "max_encounters": capture.MAX_ENCOUNTERS_PER_SESSION,
            "screen_config": {
                "session": session.pk,
                "user": request.user.pk,
                "syncUrl": reverse("outreach:field_sync"),
                "doneUrl": reverse("outreach:session_detail", args=[session.pk]),
                "loginUrl": f"{reverse('login')}?next={reverse('outreach:field_session', args=[session.pk])}",
                "planned": not session.is_done,
                "counted": counted,
                "maxEncounters": capture.MAX_ENCOUNTERS_PER_SESSION,
                "swUrl": reverse("outreach:field_sw"),
                "scope": reverse("outreach:field_home"),
            },
        },
    )


@require_POST
@require(can_use_outreach)
def field_sync(request):
    """Entries of the field screen's queue, as JSON {"entries": [...]}: {"results": [{"id", "status", "errors"}]}.
    Not signed in (an expired session): the login page's redirect, and the browser keeps its entries until the user
    logs in again."""
    try:
        entries = json.loads(request.body or b"{}").get("entries", [])
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("The entries could not be read.")}, status=400)
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES_PER_REQUEST:
        return JsonResponse({"error": _("Too many entries at once.")}, status=400)
    results = [capture.apply(entry if isinstance(entry, dict) else {}, request.user).as_json() for entry in entries]
    return JsonResponse({"results": results})


@require_GET
@require(can_use_outreach)
def field_search(request):
    """htmx fragment, as the user types: the records they may see that match (to pick for a repeat contact), the
    likely duplicates of the new contact typed (nickname, first name, phone) and how many more they may not see."""
    text = request.GET.get("q", "").strip()[:100]
    identity = {name: request.GET.get(name, "").strip()[:100] for name in ("nickname", "first_name", "phone")}
    visible = Youth.objects.visible_to(request.user).current()
    found, hidden = [], 0
    if len(text) >= 2:
        found = list(visible.search(text).select_related("neighbourhood").order_by("name_key", "nickname_key")[:6])
    if any(identity.values()):
        candidates = duplicates.find_candidates(**identity)
        allowed = set(visible.filter(pk__in=[c.youth.pk for c in candidates]).values_list("pk", flat=True))
        seen = {youth.pk for youth in found}
        found += [c.youth for c in candidates if c.youth.pk in allowed and c.youth.pk not in seen]
        hidden = sum(1 for c in candidates if c.youth.pk not in allowed)
    return render(
        request,
        "outreach/_field_search.html",
        {"found": found[:SEARCH_RESULTS], "hidden": hidden, "text": text, "typed": any(identity.values())},
    )


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, served under the field screen's path so that its scope covers it."""
    files = "".join(static(path) for path in CACHED_FILES)
    version = hashlib.sha256(files.encode()).hexdigest()[:12]
    response = render(request, "outreach/field_sw.js", {"version": version}, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def manifest(request):
    body = {
        "name": "RéFLEX · " + _("Field screen"),
        "short_name": "RéFLEX",
        "lang": "fr",
        "start_url": reverse("outreach:field_home"),
        "scope": reverse("outreach:field_home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#2b4c7e",
        "icons": [
            {
                "src": static("outreach/field-icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@require_POST
@require(can_use_outreach)
def field_finish(request, pk):
    """ "Fin de sortie" without the field screen's script: the session is marked done (same rules as the entries)."""
    session = get_session(request, pk, for_edit=True)
    if not session.start_logging(request.user):
        messages.error(request, _("A session cannot be logged before it happens: the date is in the future."))
        return redirect("outreach:session_detail", session.pk)
    messages.success(request, _("The session log was saved."))
    return redirect("outreach:session_detail", session.pk)
