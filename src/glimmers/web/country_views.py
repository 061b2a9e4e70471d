"""The crisis page and saving the person's country.

The crisis page is open to everyone (no token, no database, no JavaScript)
and reads the country afresh on every request. Saving a country is a
normal, token-protected form like every other change.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from glimmers import config, preferences
from glimmers.config import CountryChoice
from glimmers.core import content
from glimmers.core.errors import InvalidInput
from glimmers.web import country
from glimmers.web.middleware import chosen_language, signed_in


def _shown(request) -> tuple[CountryChoice, CountryChoice]:
    """(what to show, what is settled): ?country=XX shows another country just this once."""
    settled = country.choice()
    asked = content.canonical_code(request.GET.get("country", ""))[:8]
    if not asked or asked == content.canonical_code(settled.code):
        return settled, settled
    return CountryChoice(asked, "given"), settled


@require_safe
def help_now(request):
    """Crisis lines. Open to everyone, no token, no JavaScript, no database:
    a locked or broken journal must never delay them. The signed-in person
    gets a link to their own safety plan, where their people are Call buttons."""
    shown, settled = _shown(request)
    entries = content.crisis_lines_for(shown.code)
    own = None if entries[0].is_international else entries[0]
    saved = settled.code if settled.source == "settings" else ""
    return render(
        request,
        "web/help_now.html",
        {
            "countries": entries,
            "own": own,
            "choice": shown,
            "country": shown.code,
            "country_name": own.name if own else "",
            "unknown_code": bool(shown.code) and own is None,
            "all_countries": country.options(),
            "saved_code": saved,
            "can_save": own is not None and own.code != saved and signed_in(request),
            "plan_link": signed_in(request),
        },
    )


def _back_to(request) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@require_POST
def save_country(request):
    """Save the country from a chooser, or remember "Not now"; then back to the page."""
    target = _back_to(request)
    if request.POST.get("action") == "not_now":
        preferences.mark_country_asked()
        messages.info(request, _("All right. The Need help now page shows the international directory, and you can choose a country there at any time."))
        return redirect(target)
    try:
        code = config.known_country(request.POST.get("country", ""))
    except InvalidInput:
        messages.error(request, _("Choose a country from the list, or “Not now”."))
        return redirect(target)
    preferences.save("country", code)
    messages.success(
        request,
        _("Saved. Crisis lines now show for %(name)s; the Need help now page can change it.") % {"name": content.country_name(code)},
    )
    return redirect(target)


@require_POST
def save_language(request):
    """Save the language glimmers speaks, in the terminal and here; then back to More."""
    from glimmers.core import i18n

    chosen = request.POST.get("language", "")
    if chosen and not i18n.supported(chosen):
        messages.error(request, _("Choose a language from the list."))
        return redirect("more")
    preferences.save("language", chosen)
    spoken = chosen_language(request)  # the new setting, or the browser's and the computer's again
    with translation.override(spoken), i18n.speaking(spoken):
        messages.success(request, _("Saved. glimmers now speaks %(language)s.") % {"language": i18n.LANGUAGES[spoken]})
    return redirect("more")
