-- Agent performance per day x channel x intent cluster, with `all` roll-ups over channels,
-- clusters and both. The weekly mart is the same at ISO-week grain: both are macro
-- agent_performance_by over macro performance_contacts (docs/decisions.md D-604..D-610).
{{ agent_performance_by('contact_date') }}
