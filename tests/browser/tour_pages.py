"""Every named URL of the project, for the accessibility tour (tests/browser/test_accessibility_tour.py).

Each name is either built here, with its arguments taken from the little world `build_world` makes with the
factories, or excluded with its reason (not an HTML page, or not reached by GET). A name in neither list fails
tests/reflex/test_accessibility_catalogue.py with its name, so a new page cannot leave the tour unnoticed.
"""

import datetime

from django.utils import timezone

from tests.url_walk import all_urls

# Not HTML pages a person reads, or not reached by GET (the tour checks the page that holds their form instead).
EXCLUDED = {
    # Files: their accessibility is tested on their own (tagged PDFs, named XLSX tables: tests/reports, tests/youths).
    "youths:export": "CSV/XLSX download (tests/youths/test_export.py checks the XLSX header row)",
    "youths:import_template": "CSV download",
    "reports:download": "PDF download (tests/reports/test_tagged_pdf.py reads its tags back)",
    "reports:xlsx": "XLSX download (tests/reports/test_exports.py checks the named header rows)",
    "privacy:export_json": "JSON download",
    "privacy:export_pdf": "PDF download (same tagged pipeline as the reports)",
    "outreach:feed": "iCalendar feed",
    "accompaniment:appointment_feed": "iCalendar feed",
    "outreach:field_sw": "service worker script",
    "outreach:field_manifest": "web app manifest (JSON)",
    "outreach:field_sync": "JSON endpoint of the field screen's queue",
    "outreach:field_search": "htmx fragment: swapped into the field screen, checked there",
    "youths:search": "htmx fragment: swapped into the forms' young-person picker, checked there",
    "accompaniment:youth_panel": "htmx fragment: swapped into the youth page, checked there",
    "reports:status": "htmx fragment: polled into the report page, checked there",
    # POST only (a GET answers 405 or sends back to the page holding the form, which the tour checks).
    "logout": "POST only",
    "set_language": "POST only (the footer's form, on every page)",
    "youths:import_preview": "POST only (the import page's form)",
    "youths:import_confirm": "POST only",
    "youths:import_cancel": "POST only",
    "outreach:session_cancel": "POST only",
    "outreach:tally_add": "POST only (the session log's form)",
    "outreach:tally_delete": "POST only",
    "outreach:contact_add": "POST only (the session log's form)",
    "outreach:contact_delete": "POST only",
    "outreach:field_finish": "POST only",
    "outreach:registration_decide": "POST only",
    "outreach:online_youth_add": "POST only",
    "outreach:online_youth_remove": "POST only",
    "outreach:schedule_plan": "POST only",
    "outreach:schedule_plan_slots": "POST only",
    "outreach:marked_period_add": "POST only",
    "outreach:territory_upload": "POST only",
    "outreach:marked_period_delete": "POST only",
    "outreach:feed_regenerate": "POST only",
    "accompaniment:appointment_feed_regenerate": "POST only",
    "accompaniment:reminder_consent": "POST only",
    "accompaniment:appointment_mark": "POST only",
    "accompaniment:todo_tick": "POST only",
    "accompaniment:pathway_pause": "POST only",
    "accompaniment:pathway_resume": "POST only",
    "accompaniment:participant_add": "POST only",
    "accompaniment:participant_attendance": "POST only",
    "accompaniment:participant_remove": "POST only",
    "accompaniment:follow_up_delete": "POST only",
    "orientation:import_apply": "POST only",
    "reports:generate_funder": "POST only (the reports page's form)",
    "reports:generate_outreach": "POST only (the reports page's form)",
    "reports:restart": "POST only",
    "reports:publish": "POST only",
    "reports:withdraw": "POST only",
    "audit:backup_codes_renew": "POST only",
    "audit:unlock": "POST only",
    "privacy:erase": "POST only",
}


def url_names():
    """The name of every named URL of the project (Django's admin aside: its own pages, for technical staff)."""
    names = set()
    for namespace, _url, pattern in all_urls():
        if pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def build_world(coordinator, professional):
    """One of each record the pages show, the professional's where a page is theirs, made with the factories."""
    from accompaniment.models import Exit, Pathway
    from orientation.models import DirectoryImport
    from outreach.models import MarkedPeriod, Relay, SelfRegistration
    from outreach.self_registration import poster_token
    from reflex.audit.models import EnrolmentLink
    from tests.accompaniment.factories import (
        ActionFactory,
        AppointmentFactory,
        BarrierFactory,
        FollowUpFactory,
        ParticipationFactory,
        TodoFactory,
    )
    from tests.orientation.factories import OrientationFactory, ServiceFactory
    from tests.outreach.factories import (
        NamedContactFactory,
        OnlineOutreachFactory,
        OutreachSessionFactory,
        PlaceFactory,
        TallyFactory,
    )
    from tests.partners.factories import NeighbourhoodFactory
    from tests.reports.factories import GeneratedReportFactory
    from tests.youths.factories import YouthFactory
    from youths.models import PendingImport

    today = timezone.localdate()
    mine = {"created_by": professional, "shares_with_consortium": True, "identified": True}
    youth = YouthFactory(**mine, first_name="Samira", last_name="Khelifi")
    pathway = Pathway.start(youth, referent=professional, by=professional, started_on=today - datetime.timedelta(30))
    barrier = BarrierFactory(pathway=pathway, identified_on=today - datetime.timedelta(20))
    leaver = YouthFactory(**mine)
    ended = Pathway.start(leaver, referent=professional, by=professional, started_on=today - datetime.timedelta(90))
    exit = Exit.record(ended, outcome="cdi", exited_on=today - datetime.timedelta(10), by=professional)
    place = PlaceFactory()
    session = OutreachSessionFactory(date=today, place=place, staff=[professional], done=True)
    collective = ActionFactory(collective=True, starts_on=today)
    report = GeneratedReportFactory(public=True, author=coordinator)
    return {
        "youth": youth,
        "pathway": pathway,
        "barrier": barrier,
        "exit_check": exit.checks.first(),
        "follow_up": FollowUpFactory(youth=youth, author=professional, happened_on=today),
        "appointment": AppointmentFactory(youth=youth, staff=professional),
        "todo": TodoFactory(youth=youth, owner=professional),
        "action": ActionFactory(pathway=pathway, starts_on=today),
        "collective": collective,
        "participant": ParticipationFactory(action=collective, youth=youth),
        "neighbourhood": NeighbourhoodFactory(),
        "place": place,
        "session": session,
        "tally": TallyFactory(session=session, count=7, new_count=3),
        "contact": NamedContactFactory(session=session, youth=youth),
        "registration": SelfRegistration.objects.create(session=session, nickname="Momo"),
        "poster_token": poster_token(session=session),
        "online": OnlineOutreachFactory(date=today, staff=[professional]),
        "relay": Relay.objects.create(label="Le boulanger", kind="shopkeeper"),
        "marked_period": MarkedPeriod.objects.create(label="Fête", starts_on=today, ends_on=today),
        "youth_import": PendingImport.objects.create(author=coordinator, rows=[{"line": 2, "values": {}}]),
        "service": ServiceFactory(),
        "directory_import": DirectoryImport.objects.create(structures=[], services=[], created_by=coordinator),
        "orientation": OrientationFactory(barrier=barrier),
        "report": report,
        "enrolment_token": EnrolmentLink.issue(professional, by=coordinator)[1],
        "professional": professional,
    }


# How to build each URL that takes arguments, from the world above.
ARGUMENTS = {
    "partners:neighbourhood_edit": lambda w: [w["neighbourhood"].pk],
    "partners:staff_edit": lambda w: [w["professional"].pk],
    "youths:import_detail": lambda w: [w["youth_import"].pk],
    "youths:detail": lambda w: [w["youth"].pk],
    "youths:edit": lambda w: [w["youth"].pk],
    "youths:merge": lambda w: [w["youth"].pk],
    "outreach:session_detail": lambda w: [w["session"].pk],
    "outreach:session_edit": lambda w: [w["session"].pk],
    "outreach:session_log": lambda w: [w["session"].pk],
    "outreach:field_session": lambda w: [w["session"].pk],
    "outreach:session_poster": lambda w: [w["session"].pk],
    "outreach:place_poster": lambda w: [w["place"].pk],
    "outreach:self_register": lambda w: [w["poster_token"]],
    "outreach:place_edit": lambda w: [w["place"].pk],
    "outreach:online_edit": lambda w: [w["online"].pk],
    "outreach:relay_edit": lambda w: [w["relay"].pk],
    "accompaniment:referent_caseload": lambda w: [w["professional"].pk],
    "accompaniment:appointment_create": lambda w: [w["youth"].pk],
    "accompaniment:appointment_edit": lambda w: [w["appointment"].pk],
    "accompaniment:youth": lambda w: [w["youth"].pk],
    "accompaniment:follow_up_create": lambda w: [w["youth"].pk],
    "accompaniment:pathway_start": lambda w: [w["youth"].pk],
    "accompaniment:follow_up_edit": lambda w: [w["follow_up"].pk],
    "accompaniment:pathway_edit": lambda w: [w["pathway"].pk],
    "accompaniment:pathway_referent": lambda w: [w["pathway"].pk],
    "accompaniment:barrier_create": lambda w: [w["pathway"].pk],
    "accompaniment:barrier_edit": lambda w: [w["barrier"].pk],
    "accompaniment:action_create": lambda w: [w["pathway"].pk],
    "accompaniment:action_edit": lambda w: [w["action"].pk],
    "accompaniment:exit_create": lambda w: [w["pathway"].pk],
    "accompaniment:exit_close": lambda w: [w["pathway"].pk],
    "accompaniment:exit_check": lambda w: [w["exit_check"].pk],
    "accompaniment:collective_detail": lambda w: [w["collective"].pk],
    "accompaniment:collective_edit": lambda w: [w["collective"].pk],
    "orientation:service": lambda w: [w["service"].pk],
    "orientation:service_edit": lambda w: [w["service"].pk],
    "orientation:service_card": lambda w: [w["service"].pk],
    "orientation:structure_edit": lambda w: [w["service"].structure.pk],
    "orientation:import_preview": lambda w: [w["directory_import"].pk],
    "orientation:create": lambda w: [w["barrier"].pk],
    "orientation:detail": lambda w: [w["orientation"].pk],
    "orientation:answer": lambda w: [w["orientation"].pk],
    "reports:youth_report": lambda w: [w["youth"].pk],
    "reports:detail": lambda w: [w["report"].pk],
    "audit:enrol": lambda w: [w["enrolment_token"]],
    "privacy:youth": lambda w: [w["youth"].pk],
    "privacy:history": lambda w: [w["youth"].pk],
    "password_reset_confirm": lambda w: ["MQ", "set-password"],
}
