"""HTML and file views for certificates. Thin: rules live in events.certificates."""

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from config.errors import DomainError
from events import badges
from events import certificates as rules
from events.models import Enrollment, EventPage


def _certificate(code):
    try:
        return rules.certificate_by_code(code)
    except DomainError:
        raise Http404 from None


@require_GET
def verify(request, code):
    """Public: only what the certificate prints, and whether it is valid or revoked."""
    certificate = _certificate(code)
    response = render(
        request,
        "events/certificate_verify.html",
        {"certificate": certificate, "data": rules.verification_data(certificate)},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _downloadable(request, code):
    certificate = _certificate(code)
    if not rules.can_download(certificate, request.user):
        raise Http404
    if certificate.is_revoked:
        raise Http404
    return certificate


@require_GET
def pdf(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = _downloadable(request, code)
    # fpdf2 costs a worker about 40 MiB: load it only when a PDF is asked for.
    from events import certificate_pdf

    response = HttpResponse(certificate_pdf.render(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def open_badge(request, code):
    """The signed OpenBadgeCredential (Open Badges 3.0) of a certificate."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = _downloadable(request, code)
    body = json.dumps(
        badges.signed_credential(certificate), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder
    )
    response = HttpResponse(body, content_type="application/vc+ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="openbadge-{certificate.code}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def public_key(request):
    """The issuer's public key (Multikey and JWK): what the badge proofs point to."""
    return JsonResponse(badges.public_key_document(), json_dumps_params={"indent": 2})


@require_GET
@cache_control(public=True, max_age=300)
def status_list(request, number):
    """A signed revocation list (Bitstring Status List) that credentials point to.
    Cached five minutes: a revocation reaches outside verifiers within that time."""
    document = rules.status_list(number)
    if document is None:
        raise Http404
    return JsonResponse(
        document,
        content_type="application/vc+ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def manage(request, event_id):
    """The leader's page: who completed, who has a certificate; issue them all at once."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = get_object_or_404(
        EventPage.objects.select_related("organising_group").prefetch_related("sessions"),
        pk=event_id,
    )
    if not rules.can_issue(event, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            issued = rules.issue_for_roster(event, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(n)s certificates issued.") % {"n": len(issued)})
        return redirect("events:certificates_manage", event_id=event.pk)
    enrollments = list(
        Enrollment.objects.filter(event=event, status=Enrollment.Status.CONFIRMED)
        .with_attendance(as_of=timezone.now())  # what issuing counts
        .select_related("user", "certificate")
        .order_by("user__display_name", "pk")
    )
    for enrollment in enrollments:
        enrollment.event = event  # has_completed() reads the event's sessions once
    completed = sum(1 for e in enrollments if e.has_completed())
    return render(
        request,
        "events/certificate_manage.html",
        {
            "event": event,
            "enrollments": enrollments,
            "required": event.sessions_to_complete(),
            "completed": completed,
            "issued": sum(1 for e in enrollments if hasattr(e, "certificate")),
        },
    )
