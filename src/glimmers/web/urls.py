from django.urls import path

from glimmers.web import care_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("glimmer/", views.glimmer, name="glimmer"),
    path("day/", views.day, name="day"),
    path("day/<str:on>/", views.day, name="day_on"),
    path("timeline/", views.timeline, name="timeline"),
    path("entry/<str:ref>/edit/", views.edit, name="edit"),
    path("entry/<str:ref>/delete/", views.delete, name="delete"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:ref>/restore/", views.restore, name="restore"),
    path("trash/empty/", views.empty_trash, name="empty_trash"),
    path("help-now/", views.help_now, name="help_now"),
    path("safety-plan/", care_views.safety_plan_page, name="safety_plan"),
    path("safety-plan/edit/", care_views.safety_plan_edit, name="safety_plan_edit"),
    path("meds/", care_views.meds, name="meds"),
    path("meds/<str:ref>/delete/", care_views.meds_delete, name="meds_delete"),
    path("screening/", care_views.screening_index, name="screening"),
    path("screening/result/<str:ref>/", care_views.screening_result, name="screening_result"),
    path("screening/<str:kind>/", care_views.screening_form, name="screening_form"),
    path("sign-in/", views.sign_in, name="sign_in"),
]

handler404 = "glimmers.web.errors.not_found"
handler500 = "glimmers.web.errors.server_error"
