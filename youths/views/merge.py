from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partners.perms import require
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access

from .. import duplicates
from ..forms import MergeForm
from ..models import Youth
from ..perms import can_merge_youths
from .common import youth_for


@require(can_merge_youths)
def merge(request, pk):
    """Merge two records of one person. Coordinators only (403 otherwise).

    GET ?other=<id> compares the two records; without it, a picker chooses the other record. POST keep=<id> merges.
    """
    youth = youth_for(request.user, pk, Youth.objects.current())
    other = None
    other_id = request.POST.get("other") or request.GET.get("other")
    if other_id and other_id.isdigit() and int(other_id) != youth.pk:
        other = youth_for(request.user, int(other_id), Youth.objects.current())
    if other is None:
        return render(request, "youths/merge_pick.html", {"youth": youth})
    form = MergeForm(request.POST or None, first=youth, second=other)
    if request.method == "POST" and form.is_valid():
        kept, merged = (youth, other) if form.cleaned_data["keep"] == str(youth.pk) else (other, youth)
        result = duplicates.merge(kept, merged, request.user)
        record_access(request.user, AccessAction.MERGE, youth=kept, obj=result)
        record_access(request.user, AccessAction.MERGE, youth=merged, obj=result)
        messages.success(request, _("Record #%(merged)s was merged into this one.") % {"merged": merged.pk})
        left = sum(count["left"] for count in result.moved.values())
        if left:
            messages.warning(
                request,
                _(
                    "Some linked items (%(left)s) could not move without breaking a rule "
                    "(for example two open pathways) and stay attached to record #%(merged)s."
                )
                % {"left": left, "merged": merged.pk},
            )
        return redirect(kept)
    rows = [
        (Youth._meta.get_field(name).verbose_name, getattr(youth, name), getattr(other, name))
        for name in Youth.IDENTITY_FIELDS
    ]
    return render(request, "youths/merge.html", {"youth": youth, "other": other, "form": form, "rows": rows})
