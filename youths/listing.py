"""The list page's rows and its counts by stage, in as few passes over the records as the filters allow."""

from collections import Counter

from django.core.paginator import Paginator


def page_and_stage_counts(youth_filter, page_number, page_size):
    """(the page of records, {stage: count}) for what `youth_filter` selects.

    With no filter on the records themselves, the counts come from the stored funnel and the page from a LIMIT
    query (indexes on the sort order). With one (a search, a neighbourhood…), the matching records are read once, as
    (id, stage) in the sort order: the counts and the page's ids come from that pass, then the page's rows by id,
    where counting and paging would each scan the records again."""
    records = youth_filter.qs
    if not youth_filter.reads_records():
        counts = youth_filter.funnel_stage_counts()
        paginator = Paginator(records, page_size)
        paginator.count = sum(counts.values())  # every record has one stage: no COUNT over the records
        return paginator.get_page(page_number), counts
    matches = list(records.values_list("pk", "stage"))
    counts = Counter(stage for _pk, stage in matches)
    page = Paginator([pk for pk, _stage in matches], page_size).get_page(page_number)
    rows = {youth.pk: youth for youth in records.filter(pk__in=page.object_list)}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page, dict(counts)
