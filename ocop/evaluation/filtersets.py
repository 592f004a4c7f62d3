"""The dossiers list: filtered by workflow state (the queue's states)."""

from django.utils.translation import gettext_lazy as _

import django_filters

from ocop.core.lists import ListFilterSet

from . import workflow
from .models import Dossier


def _states():
    return list(workflow.State.choices)


class DossierFilterSet(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=_states, empty_label=_("All states"),
        error_messages={"invalid_choice": _("'%(value)s' is not a dossier state.")})

    class Meta:
        model = Dossier
        fields = []
