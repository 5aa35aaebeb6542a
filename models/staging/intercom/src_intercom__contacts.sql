-- Intercom contacts (current version): the CRM key of each contact is its external_id (the
-- app's user id) when set, else the Intercom contact id.
with contact_versions as (
    select
        cast(id as {{ text_type() }}) as contact_id,
        nullif(trim(cast(external_id as {{ text_type() }})), '') as external_id,
        {{ fivetran_version_rank() }} as version_rank
    from {{ source('intercom', 'contact_history') }}
),

final as (
    select
        contact_id,
        coalesce(external_id, contact_id) as customer_id
    from contact_versions
    where version_rank = 1
)

select * from final
