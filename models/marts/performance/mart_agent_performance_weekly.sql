-- Agent performance per ISO week (Monday) x channel x intent cluster, with `all` roll-ups over
-- channels, clusters and both. The daily mart is the same at day grain: both are macro
-- agent_performance_by over macro performance_contacts (docs/decisions.md D-604..D-610).
{{ agent_performance_by('contact_week') }}
