"""The office's promotion forms. Each is made for one province (the officer's, or the record's): its pickers offer
that province's communes, producers and products the person may see, nothing else. A value from outside them
is refused beside its field; the services check the same again before writing."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.dates import first_year
from ocop.core.forms import DateField, TextField
from ocop.core.validators import is_vietnamese_phone
from ocop.places.models import Commune
from ocop.producers.models import Producer, Product

from .markets import MARKET_NAMES, MARKETS
from .models import Channel, Event, PointOfSale

# Vietnam, its islands included, with a margin: coordinates outside are a typing mistake (swapped, wrong sign).
LATITUDES, LONGITUDES = (Decimal("8"), Decimal("24")), (Decimal("102"), Decimal("118"))
NOT_IN_PROVINCE = _("Choose one of the list: this one is not of your province.")


def province_products(user, province):
    return (Product.objects.visible_to(user).filter(producer__province=province)
            .select_related("producer").order_by("producer__name", "name"))


class ProductChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.producer.name}"


class Picker(forms.CheckboxSelectMultiple):
    """Check boxes in a scrolling box with a search field above it (accents ignored; app.js)."""

    template_name = "promotion/widgets/picker.html"
    is_picker = True


class ProductsChoice(forms.ModelMultipleChoiceField):
    widget = Picker

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.producer.name}"


def VnDate(label, required=True, **kwargs):
    """A date typed as dd/mm/yyyy in a text box, the way it is written in Vietnam whatever the browser's language
    (a browser's date box follows its own language: mm/dd/yyyy in an English one)."""
    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                                       "autocomplete": "off", "size": 12})
    return DateField(label=label, required=required, widget=widget, **kwargs)


class CoordinateField(forms.DecimalField):
    """Decimal degrees, typed with a decimal point or the Vietnamese comma (9,176543)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=9, decimal_places=6, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip().replace(",", ".") if isinstance(value, str) else value)


def _picker_errors(field, message=NOT_IN_PROVINCE):
    field.error_messages = {**field.error_messages, "invalid_choice": message, "invalid_pk_value": message}
    return field


class PointForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PointOfSale.Kind.choices)
    commune = forms.ModelChoiceField(label=_("Commune / ward"), queryset=Commune.objects.none(), required=False,
                                     to_field_name="code", empty_label="—")
    address = TextField(label=_("Address"), max_length=300, required=False)
    phone = TextField(label=_("Phone"), max_length=40, required=False,
                      widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    opening_hours = TextField(label=_("Opening hours"), max_length=200, required=False,
                              help_text=_("As the visitor reads it, e.g. 7:00–21:00 every day."))
    latitude = CoordinateField(label=_("Latitude"), help_text=_("Decimal degrees, e.g. 9.176543 (from a map)."))
    longitude = CoordinateField(label=_("Longitude"), help_text=_("Decimal degrees, e.g. 105.152345."))
    website = forms.URLField(label=_("Online shop or website"), required=False, assume_scheme="https")
    opened_on = VnDate(_("Opened on"), required=False)
    products = ProductsChoice(label=_("Products shown"), queryset=Product.objects.none(), required=False)
    published = forms.BooleanField(label=_("Shown on the public pages"), required=False, initial=True)

    def __init__(self, *args, user, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(province=province).order_by("name")
        _picker_errors(self.fields["commune"], _("Choose a commune of %(p)s.") % {"p": province.short_name})
        self.fields["products"].queryset = province_products(user, province)
        _picker_errors(self.fields["products"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_vietnamese_phone(phone):
            raise forms.ValidationError(_("Write a Vietnamese phone number, e.g. 0290 3831 234."))
        return phone

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error("longitude" if lon is None else "latitude", _("Give both coordinates, or neither."))
        elif lat is not None and lon is not None:
            if not LATITUDES[0] <= lat <= LATITUDES[1]:
                self.add_error("latitude", _("This latitude is outside Vietnam (between 8 and 24)."))
            if not LONGITUDES[0] <= lon <= LONGITUDES[1]:
                self.add_error("longitude", _("This longitude is outside Vietnam (between 102 and 118)."))
        return data


class ChannelForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Channel.Kind.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Channel.objects.filter(name__iexact=name)
        if self.channel is not None:
            same = same.exclude(pk=self.channel.pk)
        if same.exists():
            raise forms.ValidationError(_("A channel of this name is already recorded: choose it in the list of "
                                          "channels."))
        return name


class ListingForm(forms.Form):
    product = ProductChoice(label=_("Product"), queryset=Product.objects.none(), empty_label="—")
    since = VnDate(_("In the channel since"))
    until = VnDate(_("Until"), required=False, help_text=_("Empty while the channel still carries it."))

    def __init__(self, *args, user, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = province_products(user, province)
        _picker_errors(self.fields["product"])

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("A product cannot leave the channel before it entered it."))
        return data


class ListingDatesForm(ListingForm):
    """Changing a listing: its dates only (the product and the channel stay)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["product"]


class ExportForm(forms.Form):
    product = ProductChoice(label=_("Product"), queryset=Product.objects.none(), empty_label="—")
    country = forms.ChoiceField(label=_("Market"), choices=[("", "—")] + MARKETS)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value_usd = forms.IntegerField(label=_("Value (USD)"), min_value=0, max_value=10**12, required=False)
    volume = forms.DecimalField(label=_("Volume"), min_value=0, max_digits=14, decimal_places=2, required=False)
    unit = TextField(label=_("Unit"), max_length=20, required=False, help_text=_("e.g. tấn, thùng, chai"))

    def __init__(self, *args, user, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = province_products(user, province)
        _picker_errors(self.fields["product"])
        self.fields["year"].initial = timezone.localdate().year
        self.fields["country"].error_messages["invalid_choice"] = _("Choose a market of the list.")

    def clean(self):
        data = super().clean()
        if data.get("year") and data["year"] > timezone.localdate().year:
            self.add_error("year", _("Record exports that took place: this year has not come yet."))
        elif data.get("year") and data["year"] < first_year():
            self.add_error("year", _("The programme began in %(y)s.") % {"y": first_year()})
        if data.get("volume") is not None and not data.get("unit"):
            self.add_error("unit", _("Say the unit of the volume."))
        if data.get("country"):
            data["country_name"] = MARKET_NAMES[data["country"]]
        return data


class EventForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    starts_on = VnDate(_("Starts on"))
    ends_on = VnDate(_("Ends on"))
    place = TextField(label=_("Place"), max_length=300)
    organiser = TextField(label=_("Organiser"), max_length=200, required=False)
    booths = forms.IntegerField(label=_("Booths in all"), min_value=0, max_value=100_000, required=False)
    published = forms.BooleanField(label=_("Shown on the public pages"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("An event cannot end before it starts."))
        return data


class ParticipationForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=Producer.objects.none(), empty_label="—")
    products = ProductsChoice(label=_("Products shown"), queryset=Product.objects.none(), required=False)
    booths = forms.IntegerField(label=_("Booths"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args, user, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.visible_to(user).filter(province=province).order_by("name")
        _picker_errors(self.fields["producer"])
        self.fields["products"].queryset = province_products(user, province)
        _picker_errors(self.fields["products"])

    def clean(self):
        data = super().clean()
        producer = data.get("producer")
        others = [p.name for p in data.get("products") or [] if producer and p.producer_id != producer.pk]
        if others:
            self.add_error("products", _("Not this producer's: %(names)s.") % {"names": ", ".join(others)})
        return data
