{{ validated_source('product_analytics', 'events', key_columns=['event_id']) }}
