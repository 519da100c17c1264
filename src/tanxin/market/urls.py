from django.urls import path

from tanxin.market import views

app_name = "market"
urlpatterns = [path("", views.prices, name="prices")]
