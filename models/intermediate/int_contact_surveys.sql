-- One row per contact with a survey answer: the latest CSAT, CES and NPS given about it.
-- A survey about an escalation ticket belongs to its conversation's contact.
with surveys as (
    select *
    from {{ ref('stg_helpdesk__survey_responses') }}
),

tickets as (
    select
        ticket_id,
        conversation_id
    from {{ ref('stg_helpdesk__tickets') }}
),

attributed as (
    select
        surveys.response_id,
        surveys.survey_type,
        surveys.score,
        surveys.responded_at,
        case
            when coalesce(surveys.conversation_id, tickets.conversation_id) is not null
                then 'conversation:' || coalesce(surveys.conversation_id, tickets.conversation_id)
            else 'ticket:' || surveys.ticket_id
        end as contact_id
    from surveys
    left join tickets on surveys.ticket_id = tickets.ticket_id
),

ranked as (
    select
        attributed.*,
        row_number() over (
            partition by contact_id, survey_type order by responded_at desc, response_id desc
        ) as recency_rank
    from attributed
),

final as (
    select
        contact_id,
        max(case when survey_type = 'csat' and recency_rank = 1 then score end) as csat_score,
        max(case when survey_type = 'ces' and recency_rank = 1 then score end) as ces_score,
        max(case when survey_type = 'nps' and recency_rank = 1 then score end) as nps_score,
        max(case when survey_type = 'csat' and recency_rank = 1 then responded_at end) as csat_responded_at,
        count(*) as survey_response_count
    from ranked
    group by contact_id
)

select * from final
