from django.urls import path

from glimmers.web import care_views, country_views, experiment_views, insight_views, toolkit_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("glimmer/", views.glimmer, name="glimmer"),
    path("day/", views.day, name="day"),
    path("day/<str:on>/", views.day, name="day_on"),
    path("timeline/", views.timeline, name="timeline"),
    path("entry/<str:ref>/edit/", views.edit, name="edit"),
    path("entry/<str:ref>/delete/", views.delete, name="delete"),
    path("more/", views.more, name="more"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:ref>/restore/", views.restore, name="restore"),
    path("trash/empty/", views.empty_trash, name="empty_trash"),
    path("help-now/", country_views.help_now, name="help_now"),
    path("country/", country_views.save_country, name="save_country"),
    path("safety-plan/", care_views.safety_plan_page, name="safety_plan"),
    path("safety-plan/edit/", care_views.safety_plan_edit, name="safety_plan_edit"),
    path("meds/", care_views.meds, name="meds"),
    path("meds/<str:ref>/delete/", care_views.meds_delete, name="meds_delete"),
    path("screening/", care_views.screening_index, name="screening"),
    path("screening/result/<str:ref>/", care_views.screening_result, name="screening_result"),
    path("screening/<str:kind>/", care_views.screening_form, name="screening_form"),
    path("toolkit/", toolkit_views.toolkit, name="toolkit"),
    path("plan/", toolkit_views.plan, name="plan"),
    path("activities/", toolkit_views.activities, name="activities"),
    path("activities/<str:ref>/rate/", toolkit_views.activity_rate, name="activity_rate"),
    path("activities/<str:ref>/delete/", toolkit_views.activity_delete, name="activity_delete"),
    path("goals/", toolkit_views.goals, name="goals"),
    path("goals/timer/", toolkit_views.goal_timer, name="goal_timer"),
    path("goals/<str:ref>/toggle/", toolkit_views.goal_toggle, name="goal_toggle"),
    path("pleasures/", toolkit_views.pleasures, name="pleasures"),
    path("ground/", toolkit_views.ground, name="ground"),
    path("ground/<str:key>/", toolkit_views.ground_exercise, name="ground_exercise"),
    path("share/", toolkit_views.share, name="share"),
    path("guides/", toolkit_views.guides, name="guides"),
    path("guides/<str:key>/", toolkit_views.guide, name="guide"),
    path("experiments/", experiment_views.experiment_list, name="experiments"),
    path("experiments/<str:ref>/", experiment_views.experiment, name="experiment"),
    path("experiments/<str:ref>/stop/", experiment_views.experiment_stop, name="experiment_stop"),
    path("calendar/", experiment_views.calendar_page, name="calendar"),
    path("calendar/glimmers.ics", experiment_views.calendar_download, name="calendar_download"),
    path("calendar.ics", experiment_views.calendar_feed, name="calendar_feed"),
    path("insights/", insight_views.dashboard, name="insights"),
    path("report/", insight_views.report_page, name="report"),
    path("report/glimmers-report.pdf", insight_views.report_pdf, name="report_pdf"),
    path("sign-in/", views.sign_in, name="sign_in"),
]

handler400 = "glimmers.web.errors.bad_request"
handler404 = "glimmers.web.errors.not_found"
handler500 = "glimmers.web.errors.server_error"
