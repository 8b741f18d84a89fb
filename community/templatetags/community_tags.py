from django import template
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from community import roles

register = template.Library()


@register.simple_tag(takes_context=True)
def userbar(context, position="bottom-right"):
    """Wagtail's user bar for those who may edit. Wagtail's own tag asks the user's
    permissions (two queries) for every signed-in visitor; residents are answered
    "no" from the group names the role rules already read (community.roles)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not roles.may_have_admin_access(user):
        return ""
    return wagtailuserbar(context, position)
