"""The risk-language check reads Spanish as well as English, always both.

Every sentence here was written for this file by the glimmers team, in our
own words. They check the Spanish table of ``content/risk_lexicon.toml``
(``[es]``): each group at the level its English counterpart gets (thoughts,
hopelessness and self-harm urges a clear offer; self-harm just done, a
method, a plan, preparation and an act the urgent one), idioms and everyday
notes left alone, negated, past, hypothetical and reported words treated as
their English equivalents are, accents optional, and Spanish read whatever
language glimmers speaks. The prefilter must find in Spanish exactly what the
whole lexicon finds, and the offer speaks the person's language.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from glimmers.core import i18n
from glimmers.core.content import ContentError
from glimmers.core.safety import risk_language, risk_lexicon, risk_prefilter
from glimmers.core.safety.risk_language import offer, scan

ROOT = Path(__file__).resolve().parents[2]
LEXICON = tomllib.loads((ROOT / "src" / "glimmers" / "content" / "risk_lexicon.toml").read_text(encoding="utf-8"))

# (note, a group among those matched, the level of the reading)
POSITIVES = [
    # thoughts: a wish to be dead, thoughts of suicide -> clear offer
    ("Quiero morirme.", "thoughts", "direct"),
    ("me quiero morir", "thoughts", "direct"),
    ("kiero morirme", "thoughts", "direct"),
    ("Ya no quiero vivir.", "thoughts", "direct"),
    ("No quiero seguir viviendo así.", "thoughts", "direct"),
    ("Ni siquiera quiero vivir", "thoughts", "direct"),
    ("Quisiera estar muerta.", "thoughts", "direct"),
    ("Estaría mejor muerto", "thoughts", "direct"),
    ("Pienso en suicidarme todos los días", "thoughts", "direct"),
    ("Estoy pensando en suicidarme", "thoughts", "direct"),
    ("No dejo de pensar en matarme", "thoughts", "direct"),
    ("Pienso mucho en la muerte últimamente", "thoughts", "direct"),
    ("Ojalá no despertara nunca.", "thoughts", "direct"),
    ("Me gustaría dormirme y no despertar", "thoughts", "direct"),
    ("Tengo ganas de no despertar", "thoughts", "direct"),
    ("A veces desearía no haber nacido", "thoughts", "direct"),
    ("No tengo ningún motivo para vivir", "thoughts", "direct"),
    ("quiero quitarme la vida", "thoughts", "direct"),
    ("quiero acabar con todo", "thoughts", "direct"),
    ("Quiero dejar de existir", "thoughts", "direct"),
    ("Me da igual vivir o morir", "thoughts", "direct"),
    ("Ojalá me atropellara un coche", "thoughts", "direct"),
    ("La muerte sería un alivio", "thoughts", "direct"),
    ("quiero irme de este mundo", "thoughts", "direct"),
    ("tengo pensamientos suicidas", "thoughts", "direct"),
    ("No merezco vivir", "thoughts", "direct"),
    ("me kiero matar", "thoughts", "direct"),
    ("Llevo años queriendo morirme", "thoughts", "direct"),
    ("q ganas de morirme", "thoughts", "direct"),
    # hopelessness, being a burden, without the word "die" -> clear offer
    ("Soy una carga para mi familia", "hopeless", "direct"),
    ("Me siento una carga", "hopeless", "direct"),
    ("Estarían todos mejor sin mí", "hopeless", "direct"),
    ("El mundo sería mejor sin mí", "hopeless", "direct"),
    ("Nadie me echaría de menos", "hopeless", "direct"),
    ("No le veo sentido a la vida", "hopeless", "direct"),
    ("Mi vida no tiene sentido", "hopeless", "direct"),
    ("No hay salida.", "hopeless", "direct"),
    ("He perdido toda esperanza", "hopeless", "direct"),
    ("Nada va a cambiar nunca", "hopeless", "direct"),
    ("Nunca voy a estar bien", "hopeless", "direct"),
    ("Estoy cansada de vivir", "hopeless", "direct"),
    ("Estoy harto de existir", "hopeless", "direct"),
    ("He perdido las ganas de vivir", "hopeless", "direct"),
    ("Ya no puedo más", "hopeless", "direct"),
    ("No aguanto más esta vida", "hopeless", "direct"),
    ("Mis hijos merecen una madre mejor que yo", "hopeless", "direct"),
    ("Quiero desaparecer", "hopeless", "direct"),
    ("Odio estar viva", "hopeless", "direct"),
    ("No veo ningún futuro para mí", "hopeless", "direct"),
    ("Solo doy problemas a todo el mundo", "hopeless", "direct"),
    ("ya no tengo fuerzas para seguir", "hopeless", "direct"),
    # self-harm urges and words -> clear offer
    ("Tengo ganas de cortarme", "self_harm", "direct"),
    ("Quiero hacerme daño", "self_harm", "direct"),
    ("Me quiero cortar", "self_harm", "direct"),
    ("Me autolesiono desde hace meses", "self_harm", "direct"),
    ("Hace dos meses que me autolesiono", "self_harm", "direct"),
    ("Siento la necesidad de hacerme daño", "self_harm", "direct"),
    ("Necesito castigarme", "self_harm", "direct"),
    ("Escondo los cortes con mangas largas", "self_harm", "direct"),
    ("Me merezco sufrir", "self_harm", "direct"),
    # self-harm just done -> urgent
    ("Me corté otra vez.", "self_harm_act", "acute"),
    ("Me corté.", "self_harm_act", "acute"),
    ("Anoche me volví a cortar", "self_harm_act", "acute"),
    ("Hace un rato me corté", "self_harm_act", "acute"),
    ("Me he quemado con un mechero a propósito", "self_harm_act", "acute"),
    ("Me hice cortes en los brazos", "self_harm_act", "acute"),
    ("Volví a autolesionarme", "self_harm_act", "acute"),
    ("Me golpeé la cabeza contra la pared hasta sangrar", "self_harm_act", "acute"),
    # a method or means -> urgent
    ("Quiero tirarme del puente", "method", "acute"),
    ("Pienso en tirarme a las vías del tren", "method", "acute"),
    ("me voy a tirar por la ventana", "method", "acute"),
    ("Quiero saltar del balcón", "method", "acute"),
    ("Me quiero aventar del puente", "method", "acute"),
    ("Me voy a tomar el cloro", "method", "acute"),
    ("Quiero tomarme todas las pastillas", "method", "acute"),
    ("Me tomaría todo el bote de somníferos", "method", "acute"),
    ("Me quiero ahorcar", "method", "acute"),
    ("Compré una cuerda para ahorcarme", "method", "acute"),
    ("Pensé en cortarme las venas", "method", "acute"),
    ("Busco la forma más rápida de morir", "method", "acute"),
    ("Quiero pegarme un tiro", "method", "acute"),
    ("Podría beberme la lejía", "method", "acute"),
    ("Me voy a estrellar con el coche contra un árbol", "method", "acute"),
    ("No paro de pensar en el puente", "method", "acute"),
    ("Las pastillas del cajón parecen la única salida", "method", "acute"),
    # a plan, a time, a decision -> urgent
    ("Tengo un plan para matarme", "plan", "acute"),
    ("Ya elegí la fecha.", "plan", "acute"),
    ("Esta noche me mato.", "plan", "acute"),
    ("Mañana me mato", "plan", "acute"),
    ("Ahorita me mato", "plan", "acute"),
    ("Voy a suicidarme el sábado", "plan", "acute"),
    ("El viernes me voy a suicidar", "plan", "acute"),
    ("Antes de que amanezca me mato", "plan", "acute"),
    ("Hoy es mi último día con vida", "plan", "acute"),
    ("Sé exactamente cómo y cuándo", "plan", "acute"),
    ("He decidido quitarme la vida", "plan", "acute"),
    ("Mañana ya no estaré aquí", "plan", "acute"),
    ("No voy a estar viva mañana", "plan", "acute"),
    ("Adiós, mundo cruel", "plan", "acute"),
    ("voy a tomarme todas las pastillas esta noche", "plan", "acute"),
    ("Cuando todos estén dormidos me tomo las pastillas", "plan", "acute"),
    ("Ya lo decidí. Lo haré el viernes.", "plan", "acute"),
    # preparation -> urgent
    ("Ya escribí las cartas de despedida", "preparation", "acute"),
    ("Dejé una carta para mis padres para que la lean cuando ya no esté", "preparation", "acute"),
    ("He regalado todas mis cosas", "preparation", "acute"),
    ("Le di mi perro a mi hermana para cuando no esté", "preparation", "acute"),
    ("Estoy juntando pastillas", "preparation", "acute"),
    ("Tengo guardadas pastillas para cuando lo haga", "preparation", "acute"),
    ("Busqué en internet cómo suicidarme", "method", "acute"),
    ("Esta es mi última entrada", "preparation", "acute"),
    ("Me despedí de todos por última vez", "preparation", "acute"),
    ("Dejé mis asuntos en orden para cuando no esté", "preparation", "acute"),
    ("Tengo la cuerda preparada", "preparation", "acute"),
    ("Escribí las cartas. Ahora solo queda esperar.", "preparation", "acute"),
    ("Borré todas mis redes. Adiós.", "preparation", "acute"),
    ("Os quiero a todos. Perdonadme.", "preparation", "acute"),
    # an attempt or overdose in progress or just done -> urgent
    ("Me tomé todas las pastillas", "act", "acute"),
    ("Me tomé un montón de pastillas", "act", "acute"),
    ("Me he tomado 20 pastillas", "act", "acute"),
    ("Me he tomado una sobredosis", "method", "acute"),
    ("Intenté suicidarme anoche", "act", "acute"),
    ("Ya me las tomé todas", "act", "acute"),
    ("Ya está hecho, me las he tomado todas", "act", "acute"),
    ("Estoy en el borde del puente", "act", "acute"),
    ("Me bebí la lejía", "act", "acute"),
    ("Las pastillas ya están haciendo efecto", "act", "acute"),
    # a thought made urgent by a time, a decision or a means
    ("Quiero morirme esta noche", "thoughts", "acute"),
    ("Quiero morirme el viernes", "thoughts", "acute"),
    ("No quiero vivir, tengo las pastillas aquí", "thoughts", "acute"),
    ("Quiero morir. Ya lo decidí.", "thoughts", "acute"),
    ("Soy una carga, cuando todos duerman se acabará", "hopeless", "acute"),
    # the risk words still count when the clause around them does not deny them
    ("No sé qué hacer, quiero morirme", "thoughts", "direct"),
    ("No sé qué hacer quiero morirme", "thoughts", "direct"),
    ("No duermo y quiero morirme", "thoughts", "direct"),
    ("No aguanto más quiero morirme", "hopeless", "direct"),
    ("Nadie sabe que quiero suicidarme", "thoughts", "direct"),
    ("Mi madre no sabe que me corté otra vez", "self_harm_act", "acute"),
    ("Ella no lo sabe pero quiero morirme", "thoughts", "direct"),
    ("Mi novio dice que exagero pero quiero morirme", "thoughts", "direct"),
    ("Si me muero nadie me echaría de menos", "hopeless", "direct"),
    ("Hace un año que quiero morirme", "thoughts", "direct"),
    ("Desde hace años quiero morirme", "thoughts", "direct"),
    ("No tengo planes de futuro y solo quiero morir", "thoughts", "direct"),
    ("me quiero matar por una tontería", "thoughts", "direct"),
    ("Hace dos días me corté otra vez", "self_harm_act", "acute"),
]

# Idioms and ordinary notes: no offer at all.
NEGATIVES = [
    "Me muero de risa con este vídeo",
    "Me muero de la risa",
    "Quiero morirme de la risa",
    "Me muero de hambre, ¿pedimos pizza?",
    "Me muero de sueño",
    "Me muero de ganas de verte",
    "No me muero de ganas de ir a la boda",
    "Me muero por verte el sábado",
    "Me voy a morir de la vergüenza",
    "Mi hermano se quiere morir de la vergüenza",
    "Me mata el calor de este verano",
    "Este trabajo me mata",
    "El calor me está matando",
    "Mi madre me mata si llego tarde",
    "Mi padre me mataría si se entera",
    "Mataría por un café",
    "Mataría por una cerveza fría",
    "Estamos matando el tiempo en el aeropuerto",
    "Estoy muerto de cansancio",
    "Estoy muerta de sueño",
    "Qué muerte de día",
    "Mi abuela murió el año pasado",
    "Quiero dormir bien esta noche",
    "Tengo que tomar las pastillas de la tensión",
    "Tengo que tomarme las pastillas a su hora",
    "Tengo que ir a la farmacia por los antidepresivos",
    "Me tomé las pastillas con el desayuno",
    "Me tomo todas las pastillas por la mañana",
    "Me he tomado todas las pastillas que me tocaban hoy",
    "Mañana por la mañana voy al médico a por las pastillas",
    "Me corté el pelo y me encanta",
    "Voy a cortarme el pelo mañana",
    "Quiero cortarme el flequillo",
    "Me corté con un papel",
    "Me quemé la lengua con el café",
    "Sería un suicidio conducir con esta nieve",
    "Eso fue un suicidio político",
    "Tengo una sobredosis de series",
    "Me tiré a la piscina y pedí el aumento",
    "Voy a tirarme en el sofá",
    "Me voy a tirar un rato en la cama",
    "Salté de alegría al saberlo",
    "Me ahogo en un vaso de agua",
    "Llevo toda la semana con la soga al cuello",
    "Me pegué una ducha y me fui a dormir",
    "Me sangra la nariz y no para de sangrar",
    "Vamos a jugar al ahorcado",
    "Me voy a morir si no como algo",
    "Tengo un plan para el finde",
    "Tengo un plan genial para mañana",
    "Ya tengo la fecha de la boda",
    "Quiero desaparecer un rato de la fiesta",
    "No puedo más, estoy llena",
    "No quiero vivir en esta ciudad",
    "Estoy cansada de vivir en este piso",
    "Estoy cansado de luchar con el banco",
    "Quiero morir de viejo en mi casa",
    "No veo el sentido de esta reunión",
    "No hay salida por aquí",
    "No hay salida de emergencia en este local",
    "No tengo futuro en esta empresa",
    "Nada va a cambiar en el trabajo",
    "Quiero acabar con todo el trabajo hoy",
    "Ya no tengo fuerzas para seguir con el proyecto",
    "Mi vida sin ti no tiene sentido",
    "Me despedí de todos y me fui a casa",
    "Me despedí de mi madre en el aeropuerto",
    "Adiós, hasta mañana",
    "Regalé mi bici a mi sobrino",
    "Escribí una carta de despedida para mi compañero que se jubila",
    "Hice mi testamento con el notario",
    "Última entrada del año",
    "Estoy en el puente de Brooklyn, qué vistas",
    "Esta noche salgo con mis amigos",
    "Hoy hemos ido al río y me he bañado",
    "Me muero de pena por lo de tu padre",
]

# About someone else, a story, the news, or said in the past, denied or as a
# hypothetical: never the clear or urgent offer (a gentle one is fine).
NOT_ESCALATED = [
    ("En la película el protagonista quiere suicidarse", "reported"),
    ("Leí un artículo sobre el suicidio juvenil", "reported"),
    ("Mi amiga dice que quiere suicidarse", "reported"),
    ("Las noticias hablaban de un suicidio", "reported"),
    ("El suicidio de mi primo me destrozó", "reported"),
    ("Mi hermana intentó suicidarse", "reported"),
    ("Hoy tuvimos una charla de prevención del suicidio", "reported"),
    ("La psicóloga me preguntó si tengo ideas suicidas", "reported"),
    ("No quiero morir", "negated"),
    ("No me quiero matar", "negated"),
    ("Nunca me haría daño", "negated"),
    ("Jamás me quitaría la vida", "negated"),
    ("No tengo intención de suicidarme", "negated"),
    ("Ya no quiero morirme", "negated"),
    ("No pienso en suicidarme", "negated"),
    ("No tengo ninguna intención de suicidarme", "negated"),
    ("Ni se me pasa por la cabeza matarme", "negated"),
    ("Hace años quería morirme", "past"),
    ("Cuando tenía quince años intenté suicidarme", "past"),
    ("Solía pensar en la muerte", "past"),
    ("Si suspendo este examen me mato", "hypothetical"),
    ("Si me despiden me mato", "hypothetical"),
    ("Si no apruebo me mato", "negated"),  # English reads "If I don't pass ..." as hypothetical: gentle either way
]

# A Spanish note and its English counterpart: the same reading, level and context.
MIRRORED = [
    ("Quiero morir.", "I want to die."),
    ("Quiero morir esta noche.", "I want to die tonight."),
    ("Quiero matarme. Lo haré mañana.", "I want to kill myself. I'll do it tomorrow."),
    ("No quiero morir.", "I don't want to die."),
    ("Ya no quiero morirme.", "I no longer want to die."),
    ("Nunca me haría daño.", "I would never hurt myself."),
    ("No me voy a matar.", "I'm not going to kill myself."),
    ("No sé por qué quiero morir.", "I don't know why I want to die."),
    ("No estoy bien, quiero morir.", "I'm not okay, I want to die."),
    ("Hace años quería morir.", "Years ago I wanted to die."),
    ("Mi amiga dice que quiere suicidarse.", "My friend said she wants to kill herself."),
    ("En la película el protagonista quiere suicidarse.", "In the film the character wants to die."),
    ("Si suspendo este examen me mato.", "If I fail this exam I'll kill myself."),
    ("Si no fuera por mis hijos me mataría.", "If it weren't for my kids I'd kill myself."),
    ("Me tomé las pastillas con el desayuno.", "took my pills with breakfast"),
    ("Escribí la nota. Ahora solo queda esperar.", "Wrote the note. Now I just wait."),
    ("quiero morirme jajaja", "I want to die lol"),  # what a joke marker does, Spanish as English
]

# The same words with and without accents, and in capitals: the same reading.
SPELLINGS = [
    ("Pensé en tirarme del puente", "pense en tirarme del puente"),
    ("Me hice daño a propósito", "me hice dano a proposito"),
    ("Quiero morirme mañana", "quiero morirme manana"),
    ("Pienso en la autolesión", "pienso en la autolesion"),
    ("Estarían mejor sin mí", "estarian mejor sin mi"),
    ("Ya no aguanto más", "ya no aguanto mas"),
    ("Quiero suicidarme", "quiero suicidárme"),
    ("Quiero morir", "quiero morír"),
    ("Quiero suicidarme", "QUIERO SUICIDARME"),
    ("Sé exactamente cómo y cuándo", "se exactamente como y cuando"),
    ("Ya elegí el día.", "ya elegi el dia."),
    ("La muerte sería un alivio", "la muerte seria un alivio"),
    ("Ojalá no despertara nunca", "ojala no despertara nunca"),
    ("Me tomé todas las pastillas", "me tome todas las pastillas"),
    ("Tengo cortes en las muñecas", "tengo cortes en las munecas"),
    ("Volví a autolesionarme", "volvi a autolesionarme"),
    ("Mañana me mato", "MAÑANA ME MATO"),
    ("Mañana me mato", "MANANA ME MATO"),
    ("Me quitaría la vida", "me quitaria la vida"),
]
# Words that name a method or a means in Spanish: never in anything glimmers shows.
METHOD_WORDS_ES = re.compile(
    r"\b(?:pastillas?|sobredosis|puente|tren|vías|cuerda|soga|ahorc\w*|pistola|tiro|cort\w*|venas|muñecas?|lejía|"
    r"veneno|tir\w*|salt\w*|ventana|balcón|azotea|cuchillas?|quem\w*|coche)\b",
    re.IGNORECASE,
)


def describe(reading) -> list:
    return [(match.phrase, match.group, match.context, match.level) for match in reading.matches]


def test_there_are_enough_sentences_and_none_twice():
    assert len(POSITIVES) >= 60 and len(NEGATIVES) >= 30
    everything = [text.casefold() for text, *_ in POSITIVES] + [text.casefold() for text in NEGATIVES]
    everything += [text.casefold() for text, _ in NOT_ESCALATED]
    assert len(everything) == len(set(everything)), "a sentence appears twice"
    assert {group for _text, group, _level in POSITIVES} == set(risk_lexicon.GROUPS)


@pytest.mark.parametrize("text, group, level", POSITIVES)
def test_spanish_risk_words_get_the_level_of_their_english_counterparts(text, group, level):
    reading = scan(text)
    assert reading.level == level, describe(reading)
    assert group in {match.group for match in reading.matches}, describe(reading)
    assert all(match.context == "plain" for match in reading.matches if match.level == level), describe(reading)


@pytest.mark.parametrize("text", NEGATIVES)
def test_spanish_idioms_and_ordinary_notes_get_no_offer(text):
    reading = scan(text)
    assert reading.level == "none", describe(reading)
    assert offer(reading) is None


@pytest.mark.parametrize("text, context", NOT_ESCALATED)
def test_spanish_words_about_others_the_past_denials_and_hypotheticals_are_never_escalated(text, context):
    reading = scan(text)
    assert reading.level == "gentle", describe(reading)
    assert context in {match.context for match in reading.matches}, describe(reading)


@pytest.mark.parametrize("spanish, english", MIRRORED)
def test_spanish_context_reads_as_english_does(spanish, english):
    es, en = scan(spanish), scan(english)
    assert es.level == en.level, (describe(es), describe(en))
    assert [match.context for match in es.matches if match.group != "model"][:1] == [
        match.context for match in en.matches if match.group != "model"
    ][:1], (describe(es), describe(en))
    assert es.light == en.light


@pytest.mark.parametrize("written, typed", SPELLINGS)
def test_accents_and_capitals_are_optional(written, typed):
    first, second = scan(written), scan(typed)
    assert first.level == second.level != "none", (describe(first), describe(second))
    assert [(m.group, m.context, m.start, m.end) for m in first.matches] == [
        (m.group, m.context, m.start, m.end) for m in second.matches
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_both_languages_are_read_whatever_language_glimmers_speaks(language):
    with i18n.speaking(language) as spoken:
        assert spoken == language
        assert scan("quiero morirme").level == "direct"
        assert scan("me corté otra vez").level == "acute"
        assert scan("Me muero de risa").level == "none"
        assert scan("I want to die").level == "direct"
        assert scan("I cut again").level == "acute"
        # the lexicon itself is the same whichever language is spoken
        lists = risk_lexicon.lexicon_lists()
    with i18n.speaking("en" if language == "es" else "es"):
        other = risk_lexicon.lexicon_lists()
    assert [group.pattern.entries for group in lists.groups] == [group.pattern.entries for group in other.groups]
    assert lists.cues == other.cues and lists.idioms == other.idioms


def test_every_group_has_spanish_entries_added_after_the_english_ones():
    spanish = {row["key"]: row["patterns"] for row in LEXICON["es"]["group"]}
    english = {row["key"]: row["patterns"] for row in LEXICON["group"]}
    assert set(spanish) == set(risk_lexicon.GROUPS)
    lists = risk_lexicon.lexicon_lists()
    for group in risk_lexicon.lexicon().groups:
        assert len(spanish[group.key]) >= 10, group.key
        assert group.size == len(english[group.key]) + len(spanish[group.key])
    for group in lists.groups:  # English first, unchanged, then the Spanish entries
        count = len(english[group.key])
        assert len(group.pattern.entries) == count + len(spanish[group.key])
        assert list(group.pattern.entries[count:]) == [
            risk_lexicon._translate(risk_lexicon._expand(risk_lexicon.accent_free(p, "t"), macros(), "t"), r"\s+")
            for p in spanish[group.key]
        ]


def macros() -> dict:
    found = dict(LEXICON["macros"])
    found.update({name: risk_lexicon.accent_free(value, name) for name, value in LEXICON["es"]["macros"].items()})
    return found


def test_the_spanish_table_is_in_the_published_file_the_prepared_form_is_keyed_by():
    source = risk_lexicon.source_bytes()
    assert b"[[es.group]]" in source and b"[es.cues]" in source and b"[es.idioms]" in source
    assert all(name.startswith("es_") for name in LEXICON["es"]["macros"])


# --- spelling: accents ---------------------------------------------------------------


def test_an_accent_free_entry_matches_with_and_without_accents():
    entry = re.compile(risk_lexicon.whole([risk_lexicon.accent_free("mañana me corto, daño, suicidarme", "t")]), re.IGNORECASE)
    for text in ("mañana me corto, daño, suicidarme", "manana me corto, dano, suicidarme", "MAÑANA ME CÓRTO, DAÑO, SUICIDÁRME"):
        assert entry.search(text), text
    exact = re.compile(risk_lexicon.whole([risk_lexicon.accent_free("sin m[í]|{es_x}", "t").replace("{es_x}", "x")]), re.IGNORECASE)
    assert exact.search("sin mí") and exact.search("SIN MÍ") and not exact.search("sin mi")
    assert "{es_pronto}" in risk_lexicon.accent_free("quiero morir {es_pronto}", "t")  # macro names left alone
    with pytest.raises(ContentError):
        risk_lexicon.accent_free("(?P<name>hola)", "t")


def test_the_prefilter_folds_spanish_letters_as_their_plain_letters():
    assert risk_prefilter.fold("MAÑANA Ñandú ÁÉÍÓÚÜ") == "manana nandu aeiouu"
    needs = risk_prefilter.requirements(risk_lexicon.whole([risk_lexicon.accent_free("pasado mañana me mato", "t")]))
    assert needs is not None and any("manana" in string for strings in needs for string in strings)


@pytest.mark.parametrize(
    "table, problem",
    [
        ({"macros": {"pronto": "x"}}, "named es_"),  # a Spanish macro must never replace an English one
        ({"macros": {"es_x": "y"}, "group": [{"key": "nonsense", "patterns": ["x"]}]}, "unknown group"),
        ({"group": [{"key": "thoughts", "level": "acute", "patterns": ["x"]}]}, "may hold only"),  # levels stay English
        ({"cues": {"negation_reach": 8}}, "may hold only"),
        ({"cues": {"negation": []}}, "needs a list"),
        ({"weather": {}}, "may hold only"),
    ],
)
def test_a_malformed_spanish_table_fails_loudly(table, problem):
    data = {"macros": {"b": "\\b"}, "group": [{"key": "thoughts", "patterns": ["die"]}], "cues": {"negation": ["not"]}, "es": table}
    with pytest.raises(ContentError, match=problem):
        risk_lexicon._with_other_languages(data)


# --- the prefilter reads Spanish exactly as the whole lexicon does ----------------------


def test_every_spanish_sentence_reads_the_same_through_the_prefilter(monkeypatch):
    whole = risk_lexicon.lexicon()
    narrowable = risk_prefilter.NarrowableLexicon.from_bytes(risk_prefilter.NarrowableLexicon.build().to_bytes())
    texts = [text for text, *_ in POSITIVES] + NEGATIVES + [text for text, _ in NOT_ESCALATED]
    texts += [text for pair in MIRRORED + SPELLINGS for text in pair]
    texts += [text.upper() for text in texts[:40]] + ["Tired today. " + text + " Not sure." for text in texts[:40]]
    differing = []
    for text in texts:
        monkeypatch.setattr(risk_language, "lexicon_for", lambda plain: whole)
        reference = risk_language.scan(text, use_model=False)
        monkeypatch.setattr(risk_language, "lexicon_for", narrowable.for_text)
        if risk_language.scan(text, use_model=False) != reference:
            differing.append(text)
    assert not differing, differing[:5]


# --- what the person sees ---------------------------------------------------------------


def test_the_offer_speaks_spanish_when_glimmers_does_and_never_names_a_method():
    with i18n.speaking("es"):
        made = offer(scan("no quiero seguir viviendo"))
        assert made.level == "direct" and "Escribiste “no quiero seguir viviendo”" in made.message
        assert "Las líneas de crisis y tu plan de seguridad están a un paso." in made.message
        urgent = offer(scan("Me tomé todas las pastillas"), emergency="112")
        assert urgent.urgent == "Si ya te has hecho daño o has tomado algo, llama ahora a 112."
        light = offer(scan("Ya no quiero morirme."))
        assert light.light and "“Ya no quiero morirme”" in light.message and "“quiero morirme”" not in light.message
        for text, group, level in POSITIVES:
            if group in ("self_harm", "self_harm_act", "method", "plan", "preparation", "act"):
                assert not METHOD_WORDS_ES.search(offer(scan(text), emergency="112").text), text
    with i18n.speaking("en"):
        made = offer(scan("no quiero seguir viviendo"))
        assert "You wrote “no quiero seguir viviendo”" in made.message


@pytest.mark.django_db
def test_a_spanish_note_brings_spanish_support_in_the_terminal(glimmers, clock, monkeypatch):
    monkeypatch.setenv("GLIMMERS_LANGUAGE", "es")
    result = glimmers("checkin", "--numbness", "6", "--note", "no quiero seguir viviendo")
    assert "Escribiste “no quiero seguir viviendo”" in result.out
    assert "glimmers no está supervisado por nadie" in result.out
    monkeypatch.setenv("GLIMMERS_LANGUAGE", "en")
    result = glimmers("checkin", "--numbness", "6", "--note", "me corté otra vez")
    assert "If you have already hurt yourself or taken something" in result.out
    assert "“me corté" not in result.out  # self-harm words are never quoted back
