"""What the recognition write path announces. Certificates and the catalogue's search index
subscribe; the register never imports them."""

from django.dispatch import Signal

# Sent by ocop.recognitions.services after recognitions were created, changed or revoked, with
# `product_ids`: the products whose recognitions (or register facts) changed. Receivers run inside
# the writer's transaction, so a recognition never exists without its certificate and search
# document, and a failed receiver rolls the whole write back.
recognitions_changed = Signal()
