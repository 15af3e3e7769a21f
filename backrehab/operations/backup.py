"""Back up a clinic (or the whole site) to one JSON file, and restore it into another database.

The file holds rows table by table with their original ids; restoring inserts them afresh and
maps every old id to the new one, so a clinic can move into a database that already holds other
clinics. Staff and patient accounts travel with their password hashes, so everyone signs in with
the same password after a restore. The bundled exercise library is not in the file: every
installation loads it itself (`backrehab load-library`); a clinic's own exercises are.

Restoring refuses, changing nothing, when the database already has a clinic, user name or
clinic exercise from the file: a second restore of the same file never duplicates anything.

A backup file is not trusted: every stored document (evaluation answers and scores, program
plans, session logs, exercises) is checked with the schema the app reads it with, and a clinic
restored into a shared database brings no site powers. Superusers, the site's operators and any
permission beyond curating the clinic's exercises come back only with `restore --all` into an
empty database (moving the whole site).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from pydantic import BaseModel, ValidationError

from backrehab.care.listing import refresh_listing
from backrehab.clinic.models import Clinic, Patient
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import Intake
from backrehab.clinical.program import Program as ProgramPlan
from backrehab.clinical.progression import SessionLog as SessionRecord

FORMAT = "backrehab-backup"
FORMAT_VERSION = 1
BATCH = 1000


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


@dataclass(frozen=True)
class Scope:
    """Whose rows a section holds: one clinic and its people, or the site's own operators."""

    clinic_ids: list[int]
    user_ids: list[int]


Selector = Callable[[Scope], "QuerySet[Any]"]


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _clinic_users(clinic: Clinic) -> list[int]:
    staff = User.objects.filter(staff__clinic=clinic).values_list("pk", flat=True)
    patients = User.objects.filter(patient__clinic=clinic).values_list("pk", flat=True)
    return sorted(set(staff) | set(patients))


def _by_patient(label: str) -> Selector:
    return lambda scope: _model(label)._default_manager.filter(
        patient__clinic_id__in=scope.clinic_ids
    )


def _by_clinic(label: str) -> Selector:
    return lambda scope: _model(label)._default_manager.filter(clinic_id__in=scope.clinic_ids)


def _by_user(label: str) -> Selector:
    return lambda scope: _model(label)._default_manager.filter(user_id__in=scope.user_ids)


# Every table a section holds, in an order where each row's references come before it.
TABLES: dict[str, Selector] = {
    "auth.user": lambda scope: User.objects.filter(pk__in=scope.user_ids),
    "clinic.clinic": lambda scope: Clinic.objects.filter(pk__in=scope.clinic_ids),
    "clinic.staffmember": _by_clinic("clinic.staffmember"),
    "clinic.patient": _by_clinic("clinic.patient"),
    # Site sections hold the clinic-made exercises saved with no clinic (the admin allows it).
    "library.exerciserecord": lambda scope: _model(
        "library.exerciserecord"
    )._default_manager.filter(
        Q(clinic_id__in=scope.clinic_ids)
        if scope.clinic_ids
        else Q(clinic_id__isnull=True, origin="clinic")
    ),
    "care.evaluation": _by_patient("care.evaluation"),
    "care.program": _by_patient("care.program"),
    "care.sessionlog": _by_patient("care.sessionlog"),
    "care.alert": _by_patient("care.alert"),
    "care.cliniciannote": _by_patient("care.cliniciannote"),
    "care.timeentry": _by_patient("care.timeentry"),
    "care.sessiondays": _by_patient("care.sessiondays"),
    "care.programproposal": _by_patient("care.programproposal"),
    "care.reassessmentschedule": _by_patient("care.reassessmentschedule"),
    "care.referralclearance": _by_patient("care.referralclearance"),
    "care.programtemplate": _by_clinic("care.programtemplate"),
    "messaging.message": _by_patient("messaging.message"),
    "messaging.quickreply": _by_clinic("messaging.quickreply"),
    "portal.invite": _by_clinic("portal.invite"),
    "portal.intakedraft": _by_user("portal.intakedraft"),
    "portal.calendarfeed": _by_patient("portal.calendarfeed"),
    "api.apitoken": _by_user("api.apitoken"),
    # Site sections hold the events that concern no clinic (clinic_ids is empty there).
    "audit.auditevent": lambda scope: _model("audit.auditevent")._default_manager.filter(
        Q(clinic_id__in=scope.clinic_ids) if scope.clinic_ids else Q(clinic_id__isnull=True)
    ),
}

# Tables deliberately left out, and why (tests check every model is either in or out).
LEFT_OUT = {
    "auth.permission": "made by `backrehab migrate`; users' permissions travel by name",
    "auth.group": "groups travel by name with their users",
    "contenttypes.contenttype": "made by `backrehab migrate`",
    "sessions.session": "sign-in sessions: everyone signs in again after a restore",
    "admin.logentry": "the Django admin's own history, tied to this database's ids",
    "axes.accessattempt": "failed sign-in counters, short-lived",
    "axes.accessattemptexpiration": "when those counters lapse",
    "axes.accesslog": "sign-in history of django-axes, short-lived",
    "axes.accessfailurelog": "failed sign-in history of django-axes, short-lived",
    "messaging.pushsubscription": "phones' push addresses, tied to this server's VAPID key: "
    "a phone with notifications on sends its subscription again when the Reminders page opens",
}

# Plain number columns that refer to rows (the audit log outlives what it names, so it holds
# ids, not foreign keys); restored through the same id map.
NUMBER_REFERENCES: dict[str, dict[str, str]] = {
    "audit.auditevent": {"clinic_id": "clinic.clinic", "patient_id": "clinic.patient"}
}


def _plain(value: Any) -> Any:
    """JSON-ready form of a column value (full precision: no truncated microseconds)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def _rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    fields = [field.attname for field in queryset.model._meta.concrete_fields]
    return [
        {name: _plain(value) for name, value in row.items()}
        for row in queryset.order_by("pk").values(*fields).iterator(chunk_size=BATCH)
    ]


def _section(kind: str, scope: Scope, slug: str = "") -> dict[str, Any]:
    tables = {label: _rows(select(scope)) for label, select in TABLES.items()}
    users = User.objects.filter(pk__in=scope.user_ids)
    tables["auth.user.permissions"] = [
        {"user": user_id, "permission": [app_label, codename]}
        for user_id, app_label, codename in users.values_list(
            "pk", "user_permissions__content_type__app_label", "user_permissions__codename"
        ).order_by("pk", "user_permissions__pk")
        if codename is not None
    ]
    tables["auth.user.groups"] = [
        {"user": user_id, "group": name}
        for user_id, name in users.values_list("pk", "groups__name").order_by("pk", "groups__pk")
        if name is not None
    ]
    return {"kind": kind, "slug": slug, "tables": tables}


def backup_clinic(slug: str) -> dict[str, Any]:
    """The clinic with this slug, its staff and patients and everything about them."""
    clinic = Clinic.objects.filter(slug=slug).first()
    if clinic is None:
        known = ", ".join(Clinic.objects.order_by("slug").values_list("slug", flat=True))
        raise BackupError(f"No clinic '{slug}'. Clinics here: {known or 'none'}.")
    return _document([_section("clinic", Scope([clinic.pk], _clinic_users(clinic)), slug)])


def backup_site() -> dict[str, Any]:
    """Every clinic, plus the site's operators (accounts in no clinic)."""
    sections = [
        _section("clinic", Scope([clinic.pk], _clinic_users(clinic)), clinic.slug)
        for clinic in Clinic.objects.order_by("pk")
    ]
    operators = User.objects.filter(staff__isnull=True, patient__isnull=True).order_by("pk")
    sections.append(_section("site", Scope([], list(operators.values_list("pk", flat=True)))))
    return _document(sections)


def _document(sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "sections": sections,
    }


def write(document: Mapping[str, Any], path: Path) -> None:
    """Write the backup to `path` (gzip-compressed when it ends in .gz), readable only by the
    owner: it holds health records and password hashes. Replaces the file only when complete."""
    path = path.expanduser().resolve()
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        with os.fdopen(fd, "wb") as raw:
            if path.suffix == ".gz":
                with gzip.GzipFile(fileobj=raw, mode="wb") as compressed:
                    compressed.write(payload)
            else:
                raw.write(payload)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read(path: Path) -> dict[str, Any]:
    """Load a backup file, compressed or not; a clear BackupError for anything else."""
    try:
        data = path.expanduser().read_bytes()
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        document = json.loads(data.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a backrehab backup (not readable JSON).") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backrehab backup.")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is backup format {document.get('format_version')}; this version of "
            f"backrehab reads format {FORMAT_VERSION}."
        )
    return document


def _conflicts(sections: list[dict[str, Any]]) -> list[str]:
    """What in the file already exists here (a restore must not merge into live records)."""
    slugs = {
        row["slug"] for section in sections for row in section["tables"].get("clinic.clinic", [])
    }
    usernames = {
        row["username"] for section in sections for row in section["tables"].get("auth.user", [])
    }
    exercises = {
        row["slug"]
        for section in sections
        for row in section["tables"].get("library.exerciserecord", [])
    }
    problems = []
    if found := sorted(Clinic.objects.filter(slug__in=slugs).values_list("slug", flat=True)):
        problems.append(f"clinics already here: {', '.join(found)}")
    if found := sorted(
        User.objects.filter(username__in=usernames).values_list("username", flat=True)
    ):
        problems.append(f"user names already taken: {', '.join(found[:20])}")
    record = _model("library.exerciserecord")
    if found := sorted(
        record._default_manager.filter(slug__in=exercises).values_list("slug", flat=True)
    ):
        problems.append(f"exercise ids already used: {', '.join(found[:20])}")
    return problems


@contextmanager
def _timestamps_kept() -> Iterator[None]:
    """Restored rows keep their own dates: auto_now / auto_now_add stamp "now" otherwise."""
    switched = []
    for label in TABLES:
        for field in _model(label)._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Restorer:
    def __init__(self) -> None:
        # (table label, id in the file) -> id in this database
        self.ids: dict[tuple[str, Any], Any] = {}
        self.counts: dict[str, int] = {}

    def new_id(self, label: str, old: Any, *, nullable: bool, where: str) -> Any:
        if old is None:
            return None
        key = (label, old)
        if key in self.ids:
            return self.ids[key]
        if nullable:
            # Someone outside the backup (e.g. a site operator who wrote a program).
            return None
        raise BackupError(f"{where} refers to {label} #{old}, which is not in the backup file.")

    def table(self, label: str, rows: list[dict[str, Any]]) -> None:
        model = _model(label)
        numbers = NUMBER_REFERENCES.get(label, {})
        pending: list[tuple[Any, models.Model]] = []
        for row in rows:
            if label == "auth.user" and ("auth.user", row["id"]) in self.ids:
                continue  # the same person in two clinics of a whole-site backup
            if label == "portal.calendarfeed" and "reminder_hour" in row:
                # Made before reminder times had minutes: the hour chosen then.
                row.setdefault("reminder_time", f"{int(row['reminder_hour']):02d}:00")
            values: dict[str, Any] = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.attname not in row or field.generated:
                    continue  # a generated column is the database's to fill
                value = row[field.attname]
                if field.is_relation:
                    assert field.related_model is not None
                    target = field.related_model._meta.label_lower
                    where = f"{label} #{row[model._meta.pk.attname]}"
                    value = self.new_id(target, value, nullable=field.null, where=where)
                elif field.attname in numbers and value is not None:
                    value = self.ids.get((numbers[field.attname], value))
                elif value is not None:
                    value = field.to_python(value)
                values[field.attname] = value
            pending.append((row[model._meta.pk.attname], model(**values)))
        for start in range(0, len(pending), BATCH):
            batch = pending[start : start + BATCH]
            created = model._default_manager.bulk_create([obj for _, obj in batch])
            for (old, _), obj in zip(batch, created, strict=True):
                if obj.pk is None:
                    raise BackupError("This database cannot return new ids from bulk inserts.")
                self.ids[(label, old)] = obj.pk
        self.counts[label] = self.counts.get(label, 0) + len(pending)

    def memberships(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        for row in tables.get("auth.user.permissions", []):
            app_label, codename = row["permission"]
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                User.objects.get(pk=self.ids[("auth.user", row["user"])]).user_permissions.add(
                    permission
                )
        for row in tables.get("auth.user.groups", []):
            group, _ = Group.objects.get_or_create(name=row["group"])
            User.objects.get(pk=self.ids[("auth.user", row["user"])]).groups.add(group)


# The stored documents, checked with the models the app reads them with: (table, column) ->
# the schema. An evaluation stopped by a red-flag answer holds incomplete answers by design.
DOCUMENTS: dict[tuple[str, str], type[BaseModel]] = {
    ("care.evaluation", "answers"): Intake,
    ("care.program", "plan"): ProgramPlan,
    ("care.sessionlog", "data"): SessionRecord,
    ("library.exerciserecord", "document"): Exercise,
}
# What a clinic's staff may hold after a restore into a shared database (curating the
# clinic's exercises, as `backrehab demo` gives them); any other permission is the site's.
CLINIC_PERMISSIONS = ("library", "exerciserecord")


def _document_problems(sections: list[dict[str, Any]]) -> list[str]:
    problems = []
    for section in sections:
        for (label, column), schema in DOCUMENTS.items():
            for row in section["tables"].get(label, []):
                if label == "care.evaluation" and row.get("referral"):
                    continue
                try:
                    schema.model_validate(row.get(column))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"]) or "(document)"
                    problems.append(f"{label} #{row.get('id')} {column}.{where}: {first['msg']}")
    return problems


def _shape_problems(document: Mapping[str, Any]) -> list[str]:
    sections = document.get("sections")
    if not isinstance(sections, list) or not sections:
        return ["the file holds no sections"]
    problems = []
    for number, section in enumerate(sections):
        if not isinstance(section, dict) or not isinstance(section.get("tables"), dict):
            problems.append(f"section {number + 1} has no tables")
            continue
        for label, rows in section["tables"].items():
            if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                problems.append(f"section {number + 1}: {label} is not a list of rows")
    return problems


def _database_is_empty() -> bool:
    return not User.objects.exists() and not Clinic.objects.exists()


def _without_site_powers(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clinic sections only, with no superuser, no staff flag for anyone who is not a
    clinic's staff member, and only the clinic-level permissions."""
    kept = []
    for section in sections:
        if section.get("kind") != "clinic":
            continue  # the site's operators
        tables = dict(section["tables"])
        staff_users = {row.get("user_id") for row in tables.get("clinic.staffmember", [])}
        tables["auth.user"] = [
            {**row, "is_superuser": False, "is_staff": row.get("id") in staff_users}
            for row in tables.get("auth.user", [])
        ]
        tables["auth.user.permissions"] = [
            row
            for row in tables.get("auth.user.permissions", [])
            if row.get("permission", [None, ""])[0] == CLINIC_PERMISSIONS[0]
            and str(row["permission"][1]).endswith(CLINIC_PERMISSIONS[1])
        ]
        tables["auth.user.groups"] = []
        kept.append({**section, "tables": tables})
    return kept


def restore(document: Mapping[str, Any], *, everything: bool = False) -> dict[str, int]:
    """Insert everything in the backup; returns rows restored per table. All or nothing.

    `everything` (only into an empty database) keeps the site's operators, superusers and every
    permission: moving a whole site. Otherwise only clinics come back, without site powers.
    """
    if problems := _shape_problems(document):
        raise BackupError("Nothing was restored: " + "; ".join(problems) + ".")
    sections: list[dict[str, Any]] = list(document["sections"])
    if everything and not _database_is_empty():
        raise BackupError(
            "Nothing was restored: --all restores the site's operators and their powers, so "
            "it needs an empty database (a new one after `backrehab migrate`). Without --all "
            "the clinics are restored with no site powers."
        )
    if not everything:
        sections = _without_site_powers(sections)
    if problems := _document_problems(sections):
        raise BackupError(
            "Nothing was restored: records in the file break the app's rules (the file was "
            "changed or damaged): " + "; ".join(problems[:10]) + "."
        )
    if problems := _conflicts(sections):
        raise BackupError(
            "Nothing was restored: " + "; ".join(problems) + ". Restore into a database "
            "without these (a new one after `backrehab migrate`), or delete them first."
        )
    restorer = _Restorer()
    try:
        with transaction.atomic(), _timestamps_kept():
            # Table by table across sections, so a reference into another clinic's section
            # (a whole-site backup) finds its row already restored.
            for label in TABLES:
                for section in sections:
                    restorer.table(label, section["tables"].get(label, []))
            for section in sections:
                restorer.memberships(section["tables"])
            # Bulk inserts send no signals: the dashboard's kept columns are filled here (a
            # backup from before they existed has none).
            refresh_listing(Patient.objects.all())
    except IntegrityError as exc:
        raise BackupError(f"Nothing was restored: the database refused a row ({exc}).") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # A hand-edited file: a row without its id, a value of the wrong kind.
        raise BackupError(
            f"Nothing was restored: the file is damaged ({type(exc).__name__}: {exc})."
        ) from exc
    return restorer.counts
