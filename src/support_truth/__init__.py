"""support_truth: the Python side of the support_truth dbt project.

Modules (each runnable as a console command, see pyproject.toml [project.scripts]):
  generator/       synthetic raw data in the raw contract's layout, truth.json, contact_truth.parquet
  contract         the raw contract as the sources YAML declares it (the one definition)
  load_raw         load a generated (or your own) folder into the warehouse of the active target
  load_fixtures    load vendor fixture files into the source adapters' raw schemas
  batches          hold back / release raw rows by arrival (incremental runs)
  scheduled_run    freshness, build, publish, alerts: the scheduled job
  publish          copy the marts into the readers' file and swap it in atomically
  alerts, summary, dashboard   what readers see of a build
  compare_engines  compare the marts of two engines row by row
  benchmark        time generate, load and build at a given size
  check_yaml       check dbt YAML against dbt-core's JSON schema
  warehouse        what the loaders share (DuckDB transaction, readers, PostgreSQL, Spark)
  paths            where the dbt project is
"""
