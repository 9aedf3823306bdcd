"""The table of the database cache (qualipilote.common.cache.DatabaseCache), which counts the
public pages' rate limits for every process. Created here so that `migrate` (make run, the tests,
a deployment) is all it takes: no separate `createcachetable` step to forget.

The table is built by Django's own createcachetable code, so it is exactly what the cache
backend expects on SQLite and PostgreSQL. With Redis configured (REDIS_URL) it stays empty.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

# Frozen here: a migration must not change when settings do. Same value as common.cache.CACHE_TABLE.
CACHE_TABLE = "qualipilote_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
