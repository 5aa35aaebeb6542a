-- Zendesk CSAT in the shape of helpdesk.survey_responses, from the ticket's satisfaction
-- rating columns when the connector lands them (good = 5, bad = 1 on the contract's 1-5 csat
-- scale; offered / unoffered are not answers). Without those columns: no rows.
{%- set cols = relation_column_names(source('zendesk', 'ticket')) %}
{%- set has_rating = 'satisfaction_rating_score' in cols %}

-- reads the ticket table like src_zendesk__tickets, for its rating columns
with tickets as (
    select
        cast(id as {{ text_type() }}) as ticket_id,
        {% if has_rating -%}
            lower(cast(satisfaction_rating_score as {{ text_type() }}))
        {%- else -%}
            cast(null as {{ text_type() }})
        {%- endif %} as rating,
        {{ vendor_column(cols, 'satisfaction_rating_id') }} as rating_id,
        {{ vendor_column(cols, 'satisfaction_rating_comment') }} as rating_comment,
        {{ vendor_column(cols, 'updated_at') }} as updated_at,
        {{ vendor_column(cols, '_fivetran_synced') }} as fivetran_synced
    from {{ source('zendesk', 'ticket') }}
),

final as (
    select
        coalesce(rating_id, 'zendesk_csat:' || ticket_id) as response_id,
        cast(null as {{ text_type() }}) as conversation_id,
        ticket_id,
        'csat' as survey_type,
        case rating when 'good' then '5' when 'bad' then '1' end as score,
        -- the ticket row does not carry the rating's own time; its last update is the closest
        updated_at as responded_at,
        rating_comment as comment,
        fivetran_synced as _loaded_at
    from tickets
    where rating in ('good', 'bad')
)

select * from final
