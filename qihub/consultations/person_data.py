"""What consultations adds to a person's data download and erasure (qihub/core/extensions.py)."""

from typing import Any

from qihub.consultations.models import Participant
from qihub.core.models import Person


def consultations_person_export(*, person: Person) -> dict[str, Any]:
    """A person's answers and comments, consultation by consultation."""
    participants = (
        Participant.objects.filter(person=person)
        .select_related("consultation")
        .prefetch_related("answers__question", "comments__part")
    )
    return {
        "consultation_responses": [
            {
                "consultation": participant.consultation.title,
                "took_part_at": participant.created_at.isoformat(),
                "name_shown": participant.show_name,
                "answers": [
                    {
                        "question": answer.question.text,
                        "answer": answer.text or answer.choice or answer.agreement,
                    }
                    for answer in participant.answers.all()
                ],
                "comments": [
                    {
                        "on": comment.part.title if comment.part else "The whole draft",
                        "text": comment.text,
                        "status": comment.status,
                        "written_at": comment.created_at.isoformat(),
                    }
                    for comment in participant.comments.all()
                ],
            }
            for participant in participants
        ]
    }


def consultations_person_erase(*, person: Person) -> None:
    """A member of the public's answers and comments go with them: the published response keeps
    its counts of themes only as they stood when it was written."""
    Participant.objects.filter(person=person).delete()
