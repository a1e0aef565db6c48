from django import template

from qihub.engagement.models import EngagementAim
from qihub.engagement.selectors import EngagementRow

register = template.Library()


@register.simple_tag
def level_share(row: EngagementRow, position: int) -> str:
    """The staff at exactly this level, with their share: "12 (4.0%)"."""
    count = row.people.get(position, 0)
    return f"{count} ({count / row.staff * 100:.1f}%)" if row.staff else "0"


@register.simple_tag
def aim_share(row: EngagementRow, aim: EngagementAim) -> str:
    share = row.share_at_or_above(aim.level.position)
    return "–" if share is None else f"{share:.1f}%"
