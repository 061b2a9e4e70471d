"""The server's addresses: every page of the local app, plus accounts, health and the admin."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from glimmers.server import views
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
    path("admin/", admin.site.urls),
    *app_patterns,
]

handler400 = "glimmers.web.errors.bad_request"
handler404 = "glimmers.web.errors.not_found"
handler500 = "glimmers.web.errors.server_error"
