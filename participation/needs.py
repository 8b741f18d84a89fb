"""Survey answers as "needs" figures, for apps above participation (accountability uses
them as the denominator of an indicator, e.g. households that need a sewing course).

The contract, kept stable for the apps that read it:

    needs_sources() -> list[tuple[str, str]]
        (key, label) of every survey question and choice that can serve as a need,
        e.g. ("survey:12:question:3:choice:menjahit", "Survei 2026 – Pelatihan: menjahit").

    needs_count(key, area=None) -> int | None
        how many responses counted that need (within `area` and the areas inside it
        when given); None when the key names nothing (deleted survey).

A question key ("survey:12:question:3") counts the responses that answered the
question at all; a choice key counts the responses that chose that choice. The counts
are exact (the small-cell rule applies where they are shown to the public).
"""

import re

from participation.models import SurveyAnswer, SurveyQuestion

KEY_RE = re.compile(r"^survey:(\d+):question:(\d+)(?::choice:([-\w]+))?$")


def needs_sources():
    sources = []
    questions = SurveyQuestion.objects.select_related("survey").order_by(
        "-survey__opens_at", "survey_id", "sort_order", "pk"
    )
    for q in questions:
        base = f"survey:{q.survey_id}:question:{q.pk}"
        sources.append((base, f"{q.survey.title} – {q.text}"))
        for slug, label in q.choice_pairs() if q.has_choices else []:
            sources.append((f"{base}:choice:{slug}", f"{q.survey.title} – {q.text}: {label}"))
    return sources


def needs_count(key, area=None):
    match = KEY_RE.match(key or "")
    if not match:
        return None
    survey_id, question_id, choice = int(match[1]), int(match[2]), match[3]
    question = SurveyQuestion.objects.filter(pk=question_id, survey_id=survey_id).first()
    if question is None:
        return None
    if choice is not None and choice not in dict(question.choice_pairs()):
        return None
    answers = SurveyAnswer.objects.filter(question=question)
    if choice is not None:
        answers = answers.filter(choice=choice)
    if area is not None:
        answers = answers.filter(response__area_id__in=[area.pk, *area.descendant_ids()])
    return answers.values("response_id").distinct().count()
