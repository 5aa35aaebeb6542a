{{ config(**incremental_replace_config('_dq_key')) }}
-- Incremental (docs/decisions.md D-1510, D-1808): each run validates again only the keys that had an
-- arrival since the watermark, and the keys rejected as orphans.
{{ validated_source(
    'helpdesk', 'survey_responses',
    key_columns=['response_id'],
    parents=[
        {'column': 'conversation_id', 'relation': ref('stg_agent_platform__conversations'), 'key': 'conversation_id'},
        {'column': 'ticket_id', 'relation': ref('stg_helpdesk__tickets'), 'key': 'ticket_id'},
    ],
    checks=[
        {'reason': 'missing_required', 'when_bad': 'conversation_id is null and ticket_id is null'},
        {'reason': 'out_of_range', 'when_bad': "not ((survey_type = 'csat' and score between 1 and 5) or (survey_type = 'ces' and score between 1 and 7) or (survey_type = 'nps' and score between 0 and 10))"},
    ],
) }}
