from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import TextField
from ocop.core.validators import validate_contact

from .inquiries import MESSAGE_LIMIT


class InquiryForm(forms.Form):
    """A buyer's message. What was typed comes back with the reason beside the field; a message over the limit
    is refused with the limit (never cut)."""

    buyer_name = TextField(label=_("Your name"), max_length=120,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    buyer_contact = TextField(label=_("Your e-mail or phone"), max_length=120, validators=[validate_contact],
                              help_text=_("The producer answers you there; it is never published."),
                              widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}))
    message = TextField(label=_("Message"), min_length=10, max_length=MESSAGE_LIMIT,
                        widget=forms.Textarea(attrs={"rows": 4}),
                        help_text=_("At most %(n)s characters; links are removed.") % {"n": MESSAGE_LIMIT})
    stamp = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    website = forms.CharField(max_length=200, required=False, label="Website",
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].error_messages["max_length"] = _(
            "The message is too long: at most %(limit_value)d characters (it has %(show_value)d). Shorten it and "
            "send again.")
        self.fields["message"].error_messages["min_length"] = _(
            "Write a little more: at least %(limit_value)d characters.")
        # No maxlength in the page: a browser would silently cut a pasted text; the limit is said instead.
        self.fields["message"].widget.attrs.pop("maxlength", None)
        self.fields["message"].widget.attrs.pop("minlength", None)


class AnswerForm(forms.Form):
    inquiry = forms.ModelChoiceField(queryset=None)
    answer = TextField(label=_("Answer"), max_length=MESSAGE_LIMIT, required=False, widget=forms.Textarea)

    def __init__(self, *args, inquiries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].queryset = inquiries
