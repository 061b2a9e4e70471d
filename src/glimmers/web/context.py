"""Values every template can use."""

from glimmers import preferences


def shared(request):
    from glimmers.web import country

    # A function, so templates that never ask (most pages) never read the settings file for it.
    from glimmers.web import navigation

    match = getattr(request, "resolver_match", None)
    values = {
        "person_timezone": preferences.timezone_name(),
        "accounts": preferences.accounts(),
        "ask_country": country.ask,
        "navigation": navigation.links(match.url_name if match else None),
    }
    session = getattr(request, "session", None)
    if session is not None and session.get("support_for"):
        from glimmers.web import support

        values["support"] = support.for_remembered_entry(request)
    return values
