from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness check for load balancers; also the benchmark's 'bare Django view' ceiling."""
    return JsonResponse({"status": "ok", "service": "balai"})
