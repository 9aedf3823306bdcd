"""The cache every process shares when no Redis server is configured: Django's database cache,
with an increment that counts right.

Django's DatabaseCache.incr is BaseCache's get then set: two workers may both read 3 and both
write 4, and the set gives the entry the cache's default timeout (5 minutes), so a one-hour rate
limit window ended five minutes after the last attempt. This incr locks the row (SELECT … FOR
UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction takes the write lock) and rewrites the
value only, keeping the expiry.

The table (CACHE_TABLE) is created by the common app's migrations: no `createcachetable` step.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils import timezone

CACHE_TABLE = "qualipilote_cache"


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        database = router.db_for_write(self.cache_model_class)
        connection = connections[database]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                f"WHERE {key_column} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expiry(row[1], connection) < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {key_column} = %s",
                [pickled, key],
            )
        return value

    async def aincr(self, key, delta=1, version=None):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.incr, thread_sensitive=True)(key, delta, version)

    @staticmethod
    def _expiry(raw, connection):
        # As DatabaseCache.get_many does: the ORM's converters give an aware datetime whatever
        # the database returns (a string on SQLite).
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        for converter in converters:
            raw = converter(raw, expression, connection)
        return raw
