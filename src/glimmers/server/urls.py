"""The server's addresses: every page of the local app, plus accounts, health and the admin."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from glimmers.server import sharing_views, together_views, views
from glimmers.web.urls import urlpatterns as app_patterns

# The admin's own sign-in would skip two-factor and the lockout's sign-in page;
# staff sign in like everyone else.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "glimmers accounts"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("account/", views.account, name="account"),
    path("account/timezone/", views.save_timezone, name="account_timezone"),
    path("account/download/<str:kind>/", views.download, name="account_download"),
    path("account/import/", views.bring_in, name="account_import"),
    path("account/close/", views.close_account, name="close_account"),
    path("account/close/<str:token>/", views.close_account_confirm, name="close_account_confirm"),
    path("account/closing/<str:token>/", views.closing_cancel, name="closing_cancel"),
    path("sharing/", sharing_views.hub, name="sharing"),
    path("sharing/new/", sharing_views.new, name="sharing_new"),
    path("sharing/join/", sharing_views.join, name="sharing_join"),
    path("sharing/join/<str:code>/", sharing_views.invitation, name="sharing_invitation"),
    path("sharing/grants/<str:grant>/end/", sharing_views.end, name="sharing_end"),
    path("sharing/looks/", sharing_views.looks, name="sharing_looks"),
    path("sharing/looks/glimmers-who-looked.json", sharing_views.looks_fhir, name="sharing_looks_fhir"),
    path("shared/<str:grant>/", sharing_views.shared, name="shared"),
    path("shared/<str:grant>/report.pdf", sharing_views.shared_report_pdf, name="shared_report_pdf"),
    path("shared/<str:grant>/fhir.json", sharing_views.shared_fhir, name="shared_fhir"),
    path("together/", together_views.overview, name="together"),
    path("together/invite/", together_views.invite, name="together_invite"),
    path("together/<str:pairing>/", together_views.day, name="together_day"),
    path("together/<str:pairing>/answer/", together_views.answer, name="together_answer"),
    path("together/<str:pairing>/note/", together_views.note, name="together_note"),
    path("together/<str:pairing>/state/", together_views.state, name="together_state"),
    path("admin/", admin.site.urls),
    *app_patterns,
]

handler400 = "glimmers.web.errors.bad_request"
handler404 = "glimmers.web.errors.not_found"
handler500 = "glimmers.web.errors.server_error"
