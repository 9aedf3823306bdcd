"""The national-scale benchmark of the indicators (`manage.py bench_indicators`, `make bench`).

- data.py: a synthetic national data set (organisations, register rows written in bulk with
  their deadlines computed by registers.deadlines.DeadlineComputer, entered figures);
- floor.py: one hand-written SQL query computing the computed indicators, the floor the ORM
  computation is compared with;
- run.py: the timings and the summary table.
"""
