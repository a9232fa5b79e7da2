"""Erasing change history goes through two functions that run as the owner of the history tables (SECURITY DEFINER),
so that the application's role may only INSERT and SELECT there (reflex/audit/database_roles.py). Each checks its
own rule, so the application's role cannot use them to erase anyone else's history:
- privacy_erase_history(youth): the history of an anonymised young person (anonymised_at set), with that of their
  pathways, barriers, follow-ups and exits (reflex/privacy/anonymisation.py);
- privacy_forget_refused_identity(youth): blanks, in the young person's own history, the fields a refusal of consent
  empties (youths.forms.CLEARED_ON_REFUSAL: first and last name, birth date, phone, e-mail, social handle, notes),
  when the record says consent was refused.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION privacy_erase_history(erased bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    pathways bigint[];
BEGIN
    IF NOT EXISTS (SELECT FROM youths_youth WHERE id = erased AND anonymised_at IS NOT NULL) THEN
        RAISE EXCEPTION 'Only the history of an anonymised young person may be erased.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    pathways := ARRAY(
        SELECT id FROM accompaniment_pathway WHERE youth_id = erased
        UNION SELECT pgh_obj_id FROM privacy_pathwayevent WHERE youth_id = erased
    );
    DELETE FROM privacy_youthevent WHERE pgh_obj_id = erased;
    DELETE FROM privacy_pathwayevent WHERE youth_id = erased OR pgh_obj_id = ANY(pathways);
    DELETE FROM privacy_barrierevent WHERE pathway_id = ANY(pathways);
    DELETE FROM privacy_followupevent
    WHERE youth_id = erased OR pgh_obj_id IN (SELECT id FROM accompaniment_followup WHERE youth_id = erased);
    DELETE FROM privacy_exitevent WHERE pathway_id = ANY(pathways);
END
$$;

CREATE FUNCTION privacy_forget_refused_identity(refusing bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM youths_youth WHERE id = refusing AND refused_consent) THEN
        RAISE EXCEPTION 'Only the identity of a young person who refused consent may be forgotten.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE privacy_youthevent
    SET first_name = '', last_name = '', birth_date = NULL, phone = '', email = '', social_handle = '', notes = ''
    WHERE pgh_obj_id = refusing;
END
$$;
"""

BACKWARD = """
DROP FUNCTION privacy_forget_refused_identity(bigint);
DROP FUNCTION privacy_erase_history(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_outcome_labels"),
        ("youths", "0008_search_trigram_indexes"),
        ("accompaniment", "0003_follow_up_date_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
