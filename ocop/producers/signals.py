"""What the producers' edits ask of the apps above them. Certificates answer; producers never import them."""

from django.dispatch import Signal

# Sent before a producer's own edit of a product (`product=`) or of the producer itself (`producer=`) is saved.
# Each receiver returns a `Certified` (ocop.producers.services) or None: the facts a certificate certifies
# (field names of that record, e.g. {"name", "group", "code"}), which then change only by a change request
# the provincial office decides, or a refusal (a revoked product's certified facts never change).
certified_facts = Signal()
