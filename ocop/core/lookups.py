"""`field__among=ids`: the same rows as `field__in=ids`, with the ids sent as one parameter (PostgreSQL: an array
compared with `= ANY`; SQLite: a JSON list read by `json_each`).

`__in` turns each id into a parameter of its own, prepared one by one by Django: for the chunks of thousands of ids
that the bulk paths read (an import of a whole register: a few million ids in all) that preparation cost more
than the queries it built. Ids only (integers); registered on integer fields and foreign keys (apps.py)."""

import json

from django.db.models import Lookup


class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        ids = [int(pk) for pk in value]
        return "%s", [ids if connection.vendor == "postgresql" else json.dumps(ids)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]
        return f"{lhs} IN (SELECT value FROM json_each({rhs}))", [*lhs_params, *rhs_params]
