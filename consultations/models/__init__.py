"""Models of the consultations app. Lean: fields, enums, single-row derived values and
QuerySet methods for reads; every state change is in ``consultations/services.py``."""

from .category import Category, CategoryQuerySet
from .consultation import (
    ALL_CASES_ROLES,
    CASEWORKER_ROLES,
    CaseCounter,
    Consultation,
    ConsultationQuerySet,
    ProcurementStage,
)
from .once import FormSubmission
from .records import (
    INTERNAL_EVENT_TYPES,
    Answer,
    AnswerKind,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    Attachment,
    Event,
    EventQuerySet,
    EventType,
    InternalNote,
    Message,
    attachment_upload_to,
    validate_answer_kinds,
)

__all__ = [
    "ALL_CASES_ROLES",
    "CASEWORKER_ROLES",
    "INTERNAL_EVENT_TYPES",
    "Answer",
    "AnswerKind",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "Attachment",
    "CaseCounter",
    "Category",
    "CategoryQuerySet",
    "Consultation",
    "ConsultationQuerySet",
    "Event",
    "FormSubmission",
    "EventQuerySet",
    "EventType",
    "InternalNote",
    "Message",
    "ProcurementStage",
    "attachment_upload_to",
    "validate_answer_kinds",
]
