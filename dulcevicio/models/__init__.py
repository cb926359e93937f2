"""The domain model, re-exported: `from dulcevicio.models import User, Course, ...`."""

from dulcevicio.models.access import Enrollment, Membership
from dulcevicio.models.audit import AppendOnlyError, AuditEvent
from dulcevicio.models.bakes import (
    Bake,
    BakeComment,
    BakePhoto,
    Notification,
    NotificationKind,
    NotificationMute,
    Reaction,
    ReactionKind,
)
from dulcevicio.models.base import MAX_ID, Base, DifficultyLevel, MembershipType, Role, utcnow
from dulcevicio.models.business import Payment, PaymentMethod, RenewalContact, Settings
from dulcevicio.models.certificates import Certificate
from dulcevicio.models.course import Course, Lesson, Recipe, Testimonial
from dulcevicio.models.devices import DeviceEndReason, DeviceSession
from dulcevicio.models.downloads import BookDownload
from dulcevicio.models.forum import Comment
from dulcevicio.models.progress import LessonProgress
from dulcevicio.models.search import SearchDocument, SearchKind, SearchWord
from dulcevicio.models.two_step import RecoveryCode, TwoStep
from dulcevicio.models.user import User
from dulcevicio.models.versions import ContentVersion

__all__ = [
    "ReactionKind",
    "Reaction",
    "NotificationMute",
    "NotificationKind",
    "Notification",
    "BakePhoto",
    "BakeComment",
    "Bake",
    "MAX_ID",
    "AppendOnlyError",
    "AuditEvent",
    "Base",
    "BookDownload",
    "Certificate",
    "Comment",
    "ContentVersion",
    "Course",
    "DeviceEndReason",
    "DeviceSession",
    "DifficultyLevel",
    "Enrollment",
    "Lesson",
    "LessonProgress",
    "Membership",
    "MembershipType",
    "Payment",
    "PaymentMethod",
    "Recipe",
    "Testimonial",
    "RecoveryCode",
    "RenewalContact",
    "Role",
    "SearchDocument",
    "SearchKind",
    "SearchWord",
    "Settings",
    "TwoStep",
    "User",
    "utcnow",
]
