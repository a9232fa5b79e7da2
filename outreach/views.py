from django.shortcuts import render
from django.utils.translation import gettext as _

from partners.perms import is_field_staff, require


@require(is_field_staff)
def index(request):
    return render(request, "coming_soon.html", {"title": _("Outreach")})
