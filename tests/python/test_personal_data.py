"""Personal data planted in the raw data (emails, phone numbers, customer names) never reaches a
mart or a fact table: every column of every table in the marts schema is scanned."""

from __future__ import annotations

import re

from conftest import Warehouse

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
PHONE = r"\+?[0-9][0-9 ().-]{8,}[0-9]"


def test_no_personal_data_in_marts(warehouse: Warehouse) -> None:
    names = [n for (n,) in warehouse.query("select distinct full_name from crm.customers where full_name is not null")]
    assert len(names) > 100, "the generated data should plant customer names"
    name_pattern = "(" + "|".join(re.escape(n) for n in names) + ")"
    columns = warehouse.query(
        """
        select table_name, column_name
        from information_schema.columns
        where table_schema = 'marts' and data_type = 'VARCHAR'
        """
    )
    # Personal data is text; numeric and boolean columns cannot carry it.
    assert len(columns) > 20
    leaks: list[str] = []
    for table, column in columns:
        ((emails, phones, named),) = warehouse.query(
            f"""
            select
                count(*) filter (where regexp_matches(v, '{EMAIL}')),
                count(*) filter (where regexp_matches(v, '{PHONE}')),
                count(*) filter (where regexp_matches(v, '{name_pattern.replace("'", "''")}'))
            from (select "{column}" as v from marts."{table}") as t
            """
        )
        if emails or phones or named:
            leaks.append(f"{table}.{column}: emails={emails} phones={phones} names={named}")
    assert not leaks, "\n".join(leaks)


def test_staged_bodies_are_masked(warehouse: Warehouse) -> None:
    emails = warehouse.query(
        "select count(*) from crm.customers where email is not null"
    )[0][0]
    assert emails > 0
    ((leaked,),) = warehouse.query(
        f"""
        select count(*) from (
            select body_masked as v from staging.stg_agent_platform__messages
            union all select body_masked from staging.stg_helpdesk__ticket_comments
            union all select comment_masked from staging.stg_helpdesk__survey_responses
            union all select raw_values from quality.quarantine_rows
        ) as bodies
        where regexp_matches(v, '{EMAIL}')
        """
    )
    assert leaked == 0
    ((masked,),) = warehouse.query(
        "select count(*) from staging.stg_agent_platform__messages where body_masked like '%[email]%'"
    )
    assert masked > 0, "the generator plants emails in bodies; masking should have replaced some"


def test_customer_email_and_name_are_dropped_in_staging(warehouse: Warehouse) -> None:
    """Not even the validation (base) models or quarantine keep them: only the raw schema has them."""
    columns = {c for (c,) in warehouse.query(
        "select column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts', 'quality') "
        "and column_name in ('email', 'full_name')"
    )}
    assert columns == set()
