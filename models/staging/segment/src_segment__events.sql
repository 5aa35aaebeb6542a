-- Segment tracks and pages in the shape of product_analytics.events (text columns; the native
-- base_product_analytics__events validates them). Identity stitching: an event without a
-- user_id whose anonymous_id was identified gets the user_id of the identify call at or most
-- recently before the event, else (anonymous activity before the first identify) the first
-- identify after it. The event's own user_id always wins. Pages are event `page_viewed`.
-- tracks is required; pages and identifies are optional (Segment creates a table at the first
-- call of its kind): an absent one is empty.
{%- set track_cols = relation_column_names(source('segment', 'tracks')) %}
{%- set page_columns = [
    'id', 'user_id', 'anonymous_id', 'timestamp', 'path', 'context_page_path', 'uuid_ts', 'received_at',
] %}
{%- set pages = optional_source('segment', 'pages', page_columns) %}
{%- set page_cols = page_columns if pages is string else relation_column_names(pages) %}
{%- set ts = adapter.quote('timestamp') %}

with track_events as (
    select
        cast(id as {{ text_type() }}) as event_id,
        nullif(trim(cast(user_id as {{ text_type() }})), '') as user_id,
        nullif(trim(cast(anonymous_id as {{ text_type() }})), '') as anonymous_id,
        coalesce(
            {{ vendor_column(track_cols, 'event') }},
            replace(lower(trim({{ vendor_column(track_cols, 'event_text') }})), ' ', '_')
        ) as event_name,
        cast({{ ts }} as {{ text_type() }}) as occurred_at,
        {{ vendor_column(track_cols, 'context_page_path') }} as page_path,
        coalesce(
            {{ vendor_column(track_cols, 'uuid_ts') }}, {{ vendor_column(track_cols, 'received_at') }}
        ) as _loaded_at
    from {{ source('segment', 'tracks') }}
),

page_events as (
    select
        cast(id as {{ text_type() }}) as event_id,
        nullif(trim(cast(user_id as {{ text_type() }})), '') as user_id,
        nullif(trim(cast(anonymous_id as {{ text_type() }})), '') as anonymous_id,
        'page_viewed' as event_name,
        cast({{ ts }} as {{ text_type() }}) as occurred_at,
        coalesce({{ vendor_column(page_cols, 'path') }}, {{ vendor_column(page_cols, 'context_page_path') }})
            as page_path,
        coalesce(
            {{ vendor_column(page_cols, 'uuid_ts') }}, {{ vendor_column(page_cols, 'received_at') }}
        ) as _loaded_at
    from {{ pages }}
),

events as (
    select * from track_events
    union all
    select * from page_events
),

identify_calls as (
    select
        nullif(trim(cast(anonymous_id as {{ text_type() }})), '') as anonymous_id,
        nullif(trim(cast(user_id as {{ text_type() }})), '') as user_id,
        {{ parse_timestamp_utc('cast(' ~ ts ~ ' as ' ~ text_type() ~ ')') }} as identified_at
    from {{ optional_source('segment', 'identifies', ['anonymous_id', 'user_id', 'timestamp']) }}
),

anonymous_moments as (
    select distinct
        anonymous_id,
        occurred_at,
        {{ parse_timestamp_utc('occurred_at') }} as occurred_at_utc
    from events
    where user_id is null and anonymous_id is not null
),

stitch_candidates as (
    select
        anonymous_moments.anonymous_id,
        anonymous_moments.occurred_at,
        identify_calls.user_id,
        row_number() over (
            partition by anonymous_moments.anonymous_id, anonymous_moments.occurred_at
            order by
                case when identify_calls.identified_at <= anonymous_moments.occurred_at_utc then 0 else 1 end,
                case
                    when identify_calls.identified_at <= anonymous_moments.occurred_at_utc
                        then {{ epoch_seconds('identify_calls.identified_at') }}
                end desc,
                identify_calls.identified_at,
                identify_calls.user_id
        ) as candidate_rank
    from anonymous_moments
    inner join identify_calls
        on
            anonymous_moments.anonymous_id = identify_calls.anonymous_id
            and identify_calls.user_id is not null
            and identify_calls.identified_at is not null
),

final as (
    select
        events.event_id,
        coalesce(events.user_id, stitch_candidates.user_id) as customer_id,
        events.anonymous_id,
        events.event_name,
        events.occurred_at,
        events.page_path,
        cast(null as {{ text_type() }}) as session_id,
        cast(null as {{ text_type() }}) as properties,
        events._loaded_at
    from events
    left join stitch_candidates
        on
            events.anonymous_id = stitch_candidates.anonymous_id
            and events.occurred_at = stitch_candidates.occurred_at
            and events.user_id is null
            and stitch_candidates.candidate_rank = 1
)

select * from final
