"""What the certificates announce. Evaluation subscribes; certificates never import it."""

from django.dispatch import Signal

# Sent once per certificate with the first reminder before expiry, with `certificate`. A receiver
# opens the re-rating dossier and returns it (or None when it cannot).
renewal_due = Signal()
