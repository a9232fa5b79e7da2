"""The QR code on the truck: the poster (coordinators), the public form it leads to, and the staff's decision on
each pending contact (outreach/self_registration.py)."""

import uuid

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.models import Programme
from partners.notice import notice_texts
from partners.perms import require
from reflex import submissions
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access
from youths import identity

from .. import self_registration
from ..enums import RegistrationStatus, SubmissionOutcome
from ..models import Place, SelfRegistration
from ..perms import can_manage_places, can_use_outreach
from .access import get_session


class SelfRegistrationForm(forms.Form):
    nickname = forms.CharField(label=gettext_lazy("Your nickname or first name"), max_length=100)
    phone = forms.CharField(label=gettext_lazy("Your phone number"), max_length=30, required=False)
    social_handle = forms.CharField(
        label=gettext_lazy("Or your handle on a social network"), max_length=100, required=False
    )
    notice_read = forms.BooleanField(label=gettext_lazy("I have read the information notice"))
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not identity.phone_key(phone):
            raise forms.ValidationError(
                gettext_lazy("This number is not valid: 06 12 34 56 78, or +44 7911 123456 from abroad.")
            )
        return identity.format_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("social_handle", "").strip() and "phone" not in self.errors:
            self.add_error("phone", gettext_lazy("Leave a number or a handle, so that the team can call you back."))
        return cleaned


@login_not_required
def register(request, token):
    """The public form of a poster: the notice, a nickname and a way to reach. Anyone with the poster's address,
    on the session's day only; rate-limited; the same thanks for every accepted submission (no oracle)."""
    session = self_registration.poster_session(token)
    full, easy = notice_texts(Programme.objects.current())
    context = {"notice_full": full, "notice_easy": easy}
    if request.method == "POST":
        key = self_registration.address_key(get_client_ip_address(request))
        if self_registration.too_many(key, session):
            self_registration.journal(key, session, SubmissionOutcome.RATE_LIMITED)
            return render(request, "outreach/self_register.html", {**context, "refused": "rate"}, status=429)
        if session is None:
            self_registration.journal(key, None, SubmissionOutcome.EXPIRED)
            return render(request, "outreach/self_register.html", {**context, "refused": "expired"}, status=410)
        form = SelfRegistrationForm(request.POST)
        if not form.is_valid():
            self_registration.journal(key, session, SubmissionOutcome.INVALID)
            return render(request, "outreach/self_register.html", {**context, "form": form})
        data = form.cleaned_data
        registration, _created = SelfRegistration.objects.get_or_create(
            submission_id=data["submission_id"] or uuid.uuid4(),  # sent again: the first registration, not a second
            defaults={
                "session": session,
                "nickname": data["nickname"].strip(),
                "phone": data["phone"],
                "social_handle": data["social_handle"].strip(),
            },
        )
        self_registration.journal(key, session, SubmissionOutcome.ACCEPTED, registration)
        return render(request, "outreach/self_register.html", {**context, "thanks": True})
    if session is None:
        return render(request, "outreach/self_register.html", {**context, "refused": "expired"}, status=410)
    return render(request, "outreach/self_register.html", {**context, "form": SelfRegistrationForm()})


def _qr_svg(url):
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    return image.to_string(encoding="unicode")


def _poster(request, token, title):
    url = request.build_absolute_uri(reverse("outreach:self_register", args=[token]))
    return render(request, "outreach/poster.html", {"qr_svg": _qr_svg(url), "url": url, "title": title})


@require(can_manage_places)
def session_poster(request, pk):
    """A poster for one session (valid on its day). Coordinators."""
    session = get_session(request, pk)
    return _poster(request, self_registration.poster_token(session=session), str(session))


@require(can_manage_places)
def place_poster(request, pk):
    """A poster for a place: it serves the day's session there. Coordinators."""
    place = get_object_or_404(Place, pk=pk)
    return _poster(request, self_registration.poster_token(place=place), place.name)


@require_POST
@require(can_use_outreach)
def registration_decide(request, pk, registration_pk):
    """Confirm or discard a pending self-registration: whoever may complete the session. Confirming creates a
    record: its button carries a one-time token, and a double tap is answered like the first."""
    session = get_session(request, pk, for_edit=True)
    if done := submissions.earlier(request):  # a double tap or a replay: decided already
        return redirect(done.result_url or reverse("outreach:field_session", args=[session.pk]))
    registration = get_object_or_404(
        SelfRegistration, pk=registration_pk, session=session, status=RegistrationStatus.PENDING
    )
    if request.POST.get("decision") == "confirm":
        if not submissions.has_token(request):
            messages.error(request, submissions.MISSING_TOKEN_MESSAGE)
            return redirect("outreach:field_session", session.pk)
        if earlier := submissions.claim(request):  # two taps at once: the first one confirmed it
            return redirect(earlier.result_url or reverse("outreach:field_session", args=[session.pk]))
        registration = self_registration.confirm(registration, request.user)
        if registration.contact_id:
            record_access(
                request.user, AccessAction.CREATE, youth=registration.contact.youth_id, obj=registration.contact
            )
        messages.success(request, _("The contact was confirmed: the record is made."))
    else:
        self_registration.discard(registration, request.user)
        messages.info(request, _("The registration was discarded and what was typed erased."))
    return submissions.answered(request, redirect("outreach:field_session", session.pk))
