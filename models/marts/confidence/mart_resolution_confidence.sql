-- Resolution confidence per intent cluster (plus 'all') over the scored contacts (AI-answered and
-- deflected, fct_resolution_confidence): mean confidence, n, the low-confidence flag (mean
-- below var resolution_confidence_flag_threshold) and, beside it, the true resolution rate the
-- confidence stands in for.
with scores as (
    select
        intent_cluster,
        resolution_confidence,
        is_truly_resolved
    from {{ ref('fct_resolution_confidence') }}
),

aggregated as (
    select
        coalesce(intent_cluster, 'all') as intent_cluster,
        count(*) as scored_contacts,
        avg(cast(resolution_confidence as {{ type_double() }})) as mean_resolution_confidence,
        {{ percentile_cont('resolution_confidence', 0.5) }} as median_resolution_confidence,
        {{ count_if('resolution_confidence < ' ~ var('resolution_confidence_flag_threshold')) }}
            as low_confidence_contacts,
        {{ rate_columns(
            'true_resolution_rate', count_if('is_truly_resolved'), count_if('is_truly_resolved is not null')) }}
    from scores
    group by cube(intent_cluster)
),

final as (
    select
        intent_cluster,
        scored_contacts,
        mean_resolution_confidence,
        median_resolution_confidence,
        low_confidence_contacts,
        mean_resolution_confidence < {{ var('resolution_confidence_flag_threshold') }}
            as is_low_confidence_cluster,
        scored_contacts < {{ var('min_sample_size') }} as is_low_sample,
        true_resolution_rate_numerator,
        true_resolution_rate_denominator,
        true_resolution_rate,
        true_resolution_rate_lower,
        true_resolution_rate_upper,
        true_resolution_rate_is_low_sample
    from aggregated
)

select * from final
