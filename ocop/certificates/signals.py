"""What the certificates announce. Evaluation subscribes; certificates never import it."""

from django.dispatch import Signal

# Sent once per certificate when its re-evaluation window opens (180 days before expiry, Decision 26/2026
# Art. 7.6), or when its producer starts the renewal from "my products", with `certificate`. A receiver
# opens the re-evaluation dossier and returns it (or None when it cannot).
renewal_due = Signal()

# Sent at the end of the certificates' daily work (the worker's daily job), with `today`. Receivers do their
# own daily work after certification (monitoring: overdue findings) and return a dict of counts.
daily_work = Signal()
