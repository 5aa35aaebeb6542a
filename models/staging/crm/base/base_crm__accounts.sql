{{ validated_source('crm', 'accounts', key_columns=['account_id']) }}
