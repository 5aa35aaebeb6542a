-- Calibration of the resolution confidence: scored contacts in the true resolution rate's
-- population (fct_contacts.is_truly_resolved not null) cut into ten equal-count deciles by confidence
-- (decile 1 = least confident; ties broken by contact_id so the cut is reproducible), with the
-- true resolution rate per decile. A useful score makes the rate rise with the decile.
with scores as (
    select
        contact_id,
        resolution_confidence,
        is_truly_resolved
    from {{ ref('fct_resolution_confidence') }}
    where is_truly_resolved is not null
),

ranked as (
    select
        resolution_confidence,
        is_truly_resolved,
        cast(ntile(10) over (order by resolution_confidence, contact_id) as bigint) as confidence_decile
    from scores
),

final as (
    select
        confidence_decile,
        count(*) as contacts,
        min(resolution_confidence) as min_resolution_confidence,
        max(resolution_confidence) as max_resolution_confidence,
        avg(cast(resolution_confidence as {{ type_double() }})) as mean_resolution_confidence,
        {{ rate_columns('true_resolution_rate', count_if('is_truly_resolved'), 'count(*)') }}
    from ranked
    group by confidence_decile
)

select * from final
