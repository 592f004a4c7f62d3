from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from ocop.places.models import Province
from ocop.producers.models import Product
from ocop.recognitions.selectors import published_producers
from ocop.recognitions.models import Recognition


class ProductSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Product.objects.filter(Exists(Recognition.objects.filter(product=OuterRef("pk")))).order_by("pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("producers:product", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class ProducerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return published_producers().order_by("pk").only("pk")

    def location(self, item):
        return reverse("producers:producer", args=[item.pk])


class ProvinceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Province.objects.all()

    def location(self, item):
        return reverse("catalogue:province", args=[item.code])


SITEMAPS = {"products": ProductSitemap, "producers": ProducerSitemap, "provinces": ProvinceSitemap}
