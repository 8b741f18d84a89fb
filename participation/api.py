"""The participation API: /api/proposals/, /api/complaints/, /api/surveys/."""

from ninja import Router

proposals_router = Router(tags=["proposals"])
complaints_router = Router(tags=["complaints"])
surveys_router = Router(tags=["surveys"])
