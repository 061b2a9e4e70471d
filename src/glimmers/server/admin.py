"""The admin shows accounts and nothing of what is in them: no journal model is
registered here, and the two-factor secrets are kept out of sight."""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from glimmers.server.models import Account, Invitation

User = get_user_model()
admin.site.unregister(User)
try:
    admin.site.unregister(Authenticator)  # its rows hold the two-factor secrets
except admin.sites.NotRegistered:
    pass


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ("email", "is_active", "is_staff", "date_joined", "last_login")
    search_fields = ("email",)
    ordering = ("-date_joined",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("made_at", "expires_at", "used_at")
    readonly_fields = ("digest", "made_at", "used_at", "used_by")
    fields = ("digest", "made_at", "expires_at", "used_at", "used_by")

    def has_add_permission(self, request):
        return False  # codes are made by 'glimmers server invite', which shows the code once


@admin.register(Account)
class ClosingAdmin(admin.ModelAdmin):
    list_display = ("user", "previous_sign_in", "closing_since")
    readonly_fields = ("user", "previous_sign_in", "closing_since")
