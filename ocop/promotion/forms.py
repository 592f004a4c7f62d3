from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import TextField


class InquiryForm(forms.Form):
    buyer_name = TextField(label=_("Your name"), max_length=200, required=False)
    buyer_contact = TextField(label=_("Phone or e-mail"), max_length=200, required=False)
    message = TextField(label=_("Message"), max_length=5000, required=False, widget=forms.Textarea)
    stamp = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    website = forms.CharField(max_length=200, required=False)  # honeypot: people leave it empty


class AnswerForm(forms.Form):
    inquiry = forms.ModelChoiceField(queryset=None)
    answer = TextField(label=_("Answer"), max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args, inquiries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].queryset = inquiries
