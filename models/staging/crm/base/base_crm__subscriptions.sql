{{ validated_source(
    'crm', 'subscriptions',
    key_columns=['subscription_id'],
    parents=[{'column': 'account_id', 'relation': ref('stg_crm__accounts'), 'key': 'account_id'}],
    checks=[{'reason': 'out_of_range', 'when_bad': 'period_end < period_start or mrr_usd < 0 or next_mrr_usd < 0'}],
) }}
