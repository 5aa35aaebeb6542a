{{ validated_source('crm', 'customers', key_columns=['customer_id']) }}
