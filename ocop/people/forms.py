"""The invitation form: what an office may offer depends on who it is (the choices are the scope)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import is_central, office_provinces
from ocop.accounts.invitations import CENTRAL_INVITES, PROVINCIAL_MAY_INVITE, InvitationState
from ocop.accounts.models import Role, User
from ocop.core.forms import TextField
from ocop.core.lists import ListFilterSet
from ocop.places.models import Commune
from ocop.producers.models import Producer

from .selectors import state_q


class ProvinceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class ProducerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.commune.name}" if obj.commune_id else obj.name


class CommuneChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class InviteForm(forms.Form):
    """A provincial office: role (commune officer, council member, producer), the communes or the producer of its
    province. The central office: role (provincial officer, council member, central officer) and the province
    (none for the central council)."""

    full_name = TextField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             error_messages={"invalid": _("Enter a valid e-mail address, such as ten@example.vn.")})
    role = forms.ChoiceField(label=_("Role"), error_messages={
        "invalid_choice": _("You may not invite this kind of account: choose one of the roles offered.")})
    province = ProvinceChoice(label=_("Province"), queryset=None, required=False, to_field_name="code",
                              error_messages={"invalid_choice": _("Choose one of your provinces.")})
    communes = CommuneChoices(label=_("Communes (for a commune officer)"), queryset=None, required=False,
                              to_field_name="code", widget=forms.CheckboxSelectMultiple,
                              error_messages={"invalid_choice": _("Choose communes of your province only.")})
    producer = ProducerChoice(label=_("Producer (for a producer's account)"), queryset=None, required=False,
                              empty_label=_("— choose the producer —"),
                              error_messages={"invalid_choice": _("Choose a producer of your province from the list.")})

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.central = is_central(actor)
        provinces = office_provinces(actor).order_by("name")
        roles = CENTRAL_INVITES if self.central else [r for r in Role if r in PROVINCIAL_MAY_INVITE]
        self.fields["role"].choices = [("", _("— choose —"))] + [(r.value, r.label) for r in roles]
        self.fields["province"].queryset = provinces
        if self.central:
            self.fields["province"].empty_label = _("— none (central council, central office) —")
            self.fields["province"].help_text = _("Leave empty for a member of the central council or a central officer.")
            del self.fields["communes"], self.fields["producer"]
        else:
            self.fields["province"].widget = forms.HiddenInput()
            self.fields["province"].initial = provinces.first().code if provinces.exists() else None
            self.fields["communes"].queryset = Commune.objects.filter(province__in=provinces).order_by("name")
            self.fields["producer"].queryset = (Producer.objects.visible_to(actor).filter(province__in=provinces)
                                                .select_related("commune").order_by("name"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if not self.central and data.get("province") is None and "province" not in self.errors:
            data["province"] = self.fields["province"].queryset.first()
        if role == Role.COMMUNE and not data.get("communes") and "communes" not in self.errors:
            self.add_error("communes", _("Choose at least one commune for a commune officer."))
        if role == Role.PRODUCER and not data.get("producer") and "producer" not in self.errors:
            self.add_error("producer", _("Choose the producer this account acts for."))
        if self.central and role == Role.PROVINCE and not data.get("province") and "province" not in self.errors:
            self.add_error("province", _("Choose the province of the provincial officer."))
        if self.central and role == Role.CENTRAL:
            data["province"] = None
        return data


STATE_CHOICES = [
    ("never", _("Never logged in")), (InvitationState.PENDING, _("Invitation pending")),
    (InvitationState.EXPIRED, _("Invitation expired")), (InvitationState.ACTIVE, _("Active")),
    (InvitationState.DEACTIVATED, _("Deactivated")),
]


class PeopleFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name or e-mail"), method="filter_q")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All"),
                                       error_messages={"invalid_choice": _("'%(value)s' is not one of the roles.")})
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, empty_label=_("All"), method="filter_state",
                                        error_messages={"invalid_choice": _("'%(value)s' is not one of the states.")})

    def filter_q(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(Q(first_name__icontains=text) | Q(last_name__icontains=text) | Q(email__icontains=text)
                               | Q(username__icontains=text)) if text else queryset

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_q(value))
