"""The search index of the public catalogue: one row per product, text folded (no diacritics,
"đ" → "d", lower case), the name apart from the rest so that name matches rank first.

SQLite: an FTS5 table over this one, kept in step by triggers (migration 0002).
PostgreSQL: a generated, weighted tsvector column with a GIN index (migration 0002).
"""

from django.db import models


class SearchDoc(models.Model):
    product = models.OneToOneField("producers.Product", on_delete=models.CASCADE, primary_key=True, related_name="search_doc")
    name = models.TextField()
    body = models.TextField()

    class Meta:
        verbose_name = "search document"
