"""Indexes for the order « the most recent first, those of an unknown date last »
(`F("since_year").desc(nulls_last=True)`), the same on both databases.

PostgreSQL puts NULL first in a descending order and in a descending index unless told
(`DESC NULLS LAST`); SQLite puts NULL last in both already, and refuses `NULLS LAST` in
`CREATE INDEX`. `RecentFirstIndex` is a `models.Index` whose descending fields say
`NULLS LAST` on PostgreSQL only, so that either database reads such an order from the
index (a list's first page without sorting every row)."""
from django.db import models


class RecentFirstIndex(models.Index):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        statement = super().create_sql(model, schema_editor, using=using, **kwargs)
        if schema_editor.connection.vendor == "postgresql":
            columns = statement.parts["columns"]
            columns.col_suffixes = [
                "DESC NULLS LAST" if suffix == "DESC" else suffix for suffix in columns.col_suffixes]
        return statement
