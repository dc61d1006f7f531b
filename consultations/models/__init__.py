"""Models of the consultations app. Lean: fields, enums, single-row derived values and
QuerySet methods for reads; every state change is in ``consultations/services/``."""

from .category import Category, CategoryQuerySet
from .consultation import (
    CaseCounter,
    Consultation,
    ConsultationQuerySet,
    ProcurementStage,
)
from .credits import PriorityCredit, PriorityCreditQuerySet, contact_key
from .once import FormSubmission
from .records import (
    INTERNAL_EVENT_TYPES,
    Answer,
    AnswerKind,
    Attachment,
    Event,
    EventQuerySet,
    EventType,
    InternalNote,
    Message,
    attachment_upload_to,
    validate_answer_kinds,
)
from .reports import CaseMonth, CompletionDaysMonth, RollupRun

__all__ = [
    "INTERNAL_EVENT_TYPES",
    "Answer",
    "AnswerKind",
    "Attachment",
    "CaseCounter",
    "CaseMonth",
    "CompletionDaysMonth",
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
    "PriorityCredit",
    "PriorityCreditQuerySet",
    "ProcurementStage",
    "RollupRun",
    "attachment_upload_to",
    "contact_key",
    "validate_answer_kinds",
]
