from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark commands (bench_indicators, bench_register_import), kept outside the runtime
    package `qualipilote`: they print figures, they are not the product."""

    name = "bench"
    label = "bench"
    verbose_name = "Bancs d'essai"
