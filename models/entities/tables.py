"""The tables: SQLAlchemy 2.x typed declarative classes, one per thing the users keep.

Money is integer đồng in BigInteger columns; text passes through `NFCText`, so whatever reaches
the database is Unicode NFC whichever front end wrote it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.entities.columns import Base, Money, NFCText, Versioned, enum_column
from models.entities.enums import (
    ActivityKind,
    Confidence,
    Gender,
    Half,
    LineOrigin,
    LockAction,
    PlaceType,
    Presence,
    Role,
)


def _name(length: int = 255) -> Mapped[str]:
    return mapped_column(NFCText(length), default="")


class OrgUnit(Versioned, Base):
    """Đơn vị tổ chức: the unit whose name and signatories go on the papers."""

    __tablename__ = "org_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NFCText(255))
    parent_agency: Mapped[str] = _name()
    qhns_code: Mapped[str] = _name(32)  # Mã QHNS (mã đơn vị có quan hệ với ngân sách)
    address: Mapped[str] = _name()
    place: Mapped[str] = _name(64)  # the place in the date line: "Lai Châu, ngày …"
    preparer: Mapped[str] = _name(128)  # người lập biểu
    chief_accountant: Mapped[str] = _name(128)  # kế toán trưởng
    head: Mapped[str] = _name(128)  # thủ trưởng đơn vị
    head_title: Mapped[str] = _name(128)  # e.g. "GIÁM ĐỐC"

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_required"),)


class FundingSource(Versioned, Base):
    """Nguồn kinh phí: a funding decision with its ceiling."""

    __tablename__ = "funding_source"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = _name()  # e.g. CTMTQG phát triển KT-XH vùng đồng bào DTTS&MN
    project: Mapped[str] = _name()  # Dự án 10
    sub_project: Mapped[str] = _name()  # Tiểu dự án 1
    year: Mapped[int] = mapped_column(Integer)
    decision_number: Mapped[str] = _name(64)  # 420/QĐ-UBND
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str] = _name()  # UBND tỉnh Lai Châu
    ceiling: Mapped[int] = mapped_column(Money, default=0)

    __table_args__ = (CheckConstraint("ceiling >= 0", name="ceiling_not_negative"),)


class NormSet(Versioned, Base):
    """A set of spending caps from one legal source (national, or a province's resolution)."""

    __tablename__ = "norm_set"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(NFCText(64), unique=True)
    name: Mapped[str] = _name(500)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str] = _name(64)  # "" = national
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("norm_set.id"))
    shipped: Mapped[bool] = mapped_column(Boolean, default=False)  # loaded from resources/

    items: Mapped[list[NormItem]] = relationship(
        back_populates="norm_set", cascade="all, delete-orphan", order_by="NormItem.id"
    )


class NormItem(Versioned, Base):
    """One cap: code, unit, amount (None = actual, by document), who it applies to, source."""

    __tablename__ = "norm_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    norm_set_id: Mapped[int] = mapped_column(ForeignKey("norm_set.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(NFCText(64))
    name: Mapped[str] = _name(500)
    unit: Mapped[str] = _name(64)
    cap: Mapped[int | None] = mapped_column(Money)
    basis: Mapped[str] = mapped_column(String(16), default="cap")  # cap | actual | formula
    applies_to: Mapped[str] = _name(255)  # comma-separated categories
    lecturer_tier: Mapped[int | None] = mapped_column(Integer)
    place_types: Mapped[str] = _name(64)  # comma-separated; "" = any place
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: formula parameters
    source: Mapped[str] = _name(500)
    confidence: Mapped[Confidence] = mapped_column(
        enum_column(Confidence, "confidence"), default=Confidence.SECONDARY
    )

    norm_set: Mapped[NormSet] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("norm_set_id", "code", name="uq_norm_item_set_code"),
        CheckConstraint("cap IS NULL OR cap >= 0", name="cap_not_negative"),
    )


class Plan(Versioned, Base):
    """Kế hoạch: number, date, legal bases, funding source, norm set, activities."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(NFCText(64), unique=True)
    number: Mapped[str] = _name(64)  # "Số: 120/KH-UBND"
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = _name(1000)
    legal_bases: Mapped[str] = mapped_column(Text, default="")  # one "Căn cứ …" per line
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    funding_source_id: Mapped[int | None] = mapped_column(ForeignKey("funding_source.id"))
    norm_set_id: Mapped[int | None] = mapped_column(ForeignKey("norm_set.id"))
    travel_method: Mapped[str] = mapped_column(String(16), default="own_vehicle")
    # Petrol price of the day (đồng/litre) for the own-vehicle formula; 0 = not entered yet.
    petrol_price: Mapped[int] = mapped_column(Money, default=0, server_default="0")
    petrol_price_date: Mapped[dt.date | None] = mapped_column(Date)
    # Far participants arrive the evening before the first day they attend (one more night).
    arrive_night_before: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Locked with its plan-level lines once every class is locked (models.settlement.locking).
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Hidden from the lists, kept in every total (models.planning.removal).
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The level of the organising body: a commune-level organiser's meetings have their own
    # delegate meal cap wherever they are held (TT 40/2017/TT-BTC Điều 12 k4 điểm c).
    organiser_level: Mapped[str] = mapped_column(
        String(16), default="province", server_default="province"
    )
    # Learners' lodging is paid only with the organiser's certificate that it could not
    # provide rooms (TT 36/2018/TT-BTC); far participants may stay the night after the last
    # day; lodging may have its own distance threshold (None: the travel one).
    lodging_certified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    night_after: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lodging_min_km: Mapped[int | None] = mapped_column(Integer)
    # Lodging paid as a flat amount per night (TT 40/2017 Điều 7 k2) or by invoice, per room
    # (Điều 7 k3: two per room, a leader alone): the unit's choice.
    lodging_by_invoice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Training material written in a minority language: its rates carry the norm's uplift.
    minority_language: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Budget classification printed on estimates and settlements (mục lục ngân sách).
    budget_chapter: Mapped[str] = mapped_column(String(8), default="", server_default="")  # chương
    budget_sector: Mapped[str] = mapped_column(
        String(16), default="", server_default=""
    )  # loại–khoản
    programme_code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # Giấy chứng nhận: a learner present at this share (%) of the taught buổi of a class gets
    # one (models.papers.certificates; 80 % is the usual rule of training programmes).
    certificate_min_attendance: Mapped[int] = mapped_column(
        Integer, default=80, server_default="80"
    )

    org_unit: Mapped[OrgUnit | None] = relationship()
    funding_source: Mapped[FundingSource | None] = relationship()
    norm_set: Mapped[NormSet | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Activity.code"
    )

    supports: Mapped[list[PlanSupport]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    categories: Mapped[list[PlanCategory]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    petrol_prices: Mapped[list[PetrolPrice]] = relationship(
        cascade="all, delete-orphan", order_by="PetrolPrice.valid_from"
    )

    __table_args__ = (
        CheckConstraint("length(code) > 0", name="code_required"),
        CheckConstraint("petrol_price >= 0", name="petrol_price_not_negative"),
        CheckConstraint(
            "travel_method IN ('own_vehicle', 'flat_per_km', 'actual')", name="travel_method_known"
        ),
    )


class PetrolPrice(Base):
    """The petrol price published from a day on (đồng/litre): a trip is priced at the price in
    force on its date (TT 40/2017/TT-BTC Điều 5 k2 điểm b: "giá xăng tại thời điểm đi")."""

    __tablename__ = "petrol_price"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    price: Mapped[int] = mapped_column(Money)

    __table_args__ = (
        UniqueConstraint("plan_id", "valid_from", name="uq_petrol_price_plan_day"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )


class PlanSupport(Versioned, Base):
    """A plan's choice to pay (or not) one kind of support to one participant category.

    Without a row the default of models.budget.rules.DEFAULT_SUPPORTS applies.
    """

    __tablename__ = "plan_support"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))  # learner_unsalaried, organiser, …
    support: Mapped[str] = mapped_column(String(16))  # meal, lodging, travel, drinks, per_diem
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    plan: Mapped[Plan] = relationship(back_populates="supports")

    __table_args__ = (
        UniqueConstraint("plan_id", "category", "support", name="uq_plan_support_choice"),
    )


class PlanCategory(Versioned, Base):
    """Who pays one participant category's costs in a plan, and how they travel.

    `payer` "class": the class budget pays their meals, travel and lodging within the caps;
    "agency": their own agency pays them as công tác phí, the class pays none of it (TT
    40/2017/TT-BTC Điều 12 khoản 4 point b; TT 36/2018/TT-BTC Điều 5). `travel_method` None:
    the plan's. Without a row, models.budget.rules.DEFAULT_PAYERS applies.
    """

    __tablename__ = "plan_category"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    payer: Mapped[str] = mapped_column(String(16), default="class", server_default="class")
    travel_method: Mapped[str | None] = mapped_column(String(16))

    plan: Mapped[Plan] = relationship(back_populates="categories")

    __table_args__ = (
        UniqueConstraint("plan_id", "category", name="uq_plan_category"),
        CheckConstraint("payer IN ('class', 'agency')", name="payer_known"),
        CheckConstraint(
            "travel_method IS NULL OR travel_method IN ('own_vehicle', 'flat_per_km', 'actual')",
            name="category_travel_method_known",
        ),
    )


class Venue(Versioned, Base):
    """Địa điểm, hội trường."""

    __tablename__ = "venue"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NFCText(255))
    address: Mapped[str] = _name()
    commune: Mapped[str] = _name(128)
    province: Mapped[str] = _name(64)
    place_type: Mapped[PlaceType] = mapped_column(
        enum_column(PlaceType, "place_type"), default=PlaceType.OTHER
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    daily_hire: Mapped[int] = mapped_column(Money, default=0)
    # In an urban district of a centrally-run city (not a grade-I provincial city): the
    # delegate meal cap of TT 40/2017 Điều 12 k4 điểm a.
    central_city: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The organising unit's own hall: not hired while it seats the class (TT 40/2017 Đ11).
    organiser_owned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("daily_hire >= 0", name="hire_not_negative"),
    )


class Lecturer(Versioned, Base):
    """Giảng viên, báo cáo viên; the fee per buổi depends on the rank tier (1–5)."""

    __tablename__ = "lecturer"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(NFCText(255))
    title: Mapped[str] = _name(255)  # chức danh
    tier: Mapped[int] = mapped_column(Integer, default=5)
    agency: Mapped[str] = _name()
    salaried: Mapped[bool] = mapped_column(Boolean, default=True)
    distance_km: Mapped[int] = mapped_column(Integer, default=0)
    cccd: Mapped[str] = mapped_column(String(12), default="", server_default="")
    tax_code: Mapped[str] = mapped_column(String(14), default="", server_default="")
    # Gave the payer a commitment (mẫu 08/CK-TNCN): no tax withheld from the fee.
    tax_commitment: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # None: the plan's travel method for lecturers; "actual" (ticket) or a per-km method.
    travel_method: Mapped[str | None] = mapped_column(String(16))
    # Hệ số phụ cấp chức vụ 1,25 or more: the leader's lodging tier (TT 40/2017 Điều 7).
    leader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (CheckConstraint("tier BETWEEN 1 AND 5", name="tier_range"),)


class Activity(Versioned, Base):
    """Lớp tập huấn, hội nghị or buổi truyền thông, with its sessions and roster."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(NFCText(64), unique=True)
    kind: Mapped[ActivityKind] = mapped_column(
        enum_column(ActivityKind, "activity_kind"), default=ActivityKind.TRAINING
    )
    title: Mapped[str] = _name(1000)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    # None = the venue's own place type; set when the user decides otherwise.
    place_type: Mapped[PlaceType | None] = mapped_column(enum_column(PlaceType, "place_type"))
    expected_count: Mapped[int | None] = mapped_column(Integer)  # campaign mode: counts
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hidden from the lists, kept in every total (models.planning.removal).
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Why the class holds more people than its venue seats ("" = within the capacity).
    capacity_note: Mapped[str] = mapped_column(NFCText(500), default="", server_default="")

    plan: Mapped[Plan] = relationship(back_populates="activities")
    venue: Mapped[Venue | None] = relationship()
    sessions: Mapped[list[ClassSession]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="(ClassSession.on_date, ClassSession.half)",
    )
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_ordered"),)


class ClassSession(Versioned, Base):
    """Buổi: a half-day (sáng/chiều) of an activity, with its venue and lecturer."""

    __tablename__ = "class_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    half: Mapped[Half] = mapped_column(enum_column(Half, "half"))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    lecturer_id: Mapped[int | None] = mapped_column(ForeignKey("lecturer.id"))
    topic: Mapped[str] = _name(500)
    # False when the buổi was not taught (cancelled, lecturer absent): no lecturer fee.
    taught: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    activity: Mapped[Activity] = relationship(back_populates="sessions")
    venue: Mapped[Venue | None] = relationship()
    lecturer: Mapped[Lecturer | None] = relationship()

    __table_args__ = (
        UniqueConstraint("activity_id", "on_date", "half", name="uq_class_session_slot"),
    )


class Person(Versioned, Base):
    """Học viên, đại biểu: anyone who can be enrolled."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(NFCText(255))
    # Vietnamese order (given name first) and an accent-free key, kept by models.people.queries.
    sort_key: Mapped[str] = mapped_column(String(512), default="", index=True)
    search_key: Mapped[str] = mapped_column(String(512), default="", index=True)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str] = _name(64)
    position: Mapped[str] = _name()  # chức vụ
    village: Mapped[str] = _name(128)  # thôn, bản
    commune: Mapped[str] = _name(128)  # xã, phường
    district: Mapped[str] = _name(128)  # historical district (before 1/7/2025)
    province: Mapped[str] = _name(64)
    cccd: Mapped[str | None] = mapped_column(String(12), unique=True)
    phone: Mapped[str] = _name(20)
    salaried: Mapped[bool] = mapped_column(Boolean, default=False)  # hưởng lương
    distance_km: Mapped[int | None] = mapped_column(Integer)  # one way, to the venue
    difficult_area: Mapped[bool] = mapped_column(Boolean, default=False)  # xã đặc biệt khó khăn
    note: Mapped[str] = _name(1000)
    # Hệ số phụ cấp chức vụ 1,25 or more: the leader's lodging tier (TT 40/2017 Điều 7).
    leader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="person")

    __table_args__ = (
        CheckConstraint("length(full_name) > 0", name="name_required"),
        CheckConstraint("cccd IS NULL OR length(cccd) = 12", name="cccd_12_digits"),
        CheckConstraint("distance_km IS NULL OR distance_km >= 0", name="distance_not_negative"),
        Index("ix_person_commune_sort", "commune", "sort_key"),
    )


class Enrollment(Versioned, Base):
    """A person in an activity, with a role."""

    __tablename__ = "enrollment"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.LEARNER)
    # Travel "actual, by ticket": the amount shown on this person's tickets and their number.
    travel_actual: Mapped[int | None] = mapped_column(Money)
    travel_document: Mapped[str] = mapped_column(NFCText(500), default="", server_default="")
    # Their own agency paid this trip as công tác phí (a travel order was settled there): the
    # class may not pay them meals, travel or lodging as well.
    agency_paid: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    person: Mapped[Person] = relationship(back_populates="enrollments")
    activity: Mapped[Activity] = relationship(back_populates="enrollments")

    __table_args__ = (
        UniqueConstraint("person_id", "activity_id", name="uq_enrollment_person_activity"),
    )


class Attendance(Base):
    """Điểm danh: one enrolled person at one session."""

    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[Presence] = mapped_column(enum_column(Presence, "presence"))
    recorded_by: Mapped[str] = _name(128)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = (
        UniqueConstraint("enrollment_id", "session_id", name="uq_attendance_enrollment_session"),
    )


class AttendanceChange(Base):
    """Who changed an attendance mark, when, from what to what (old None = first mark)."""

    __tablename__ = "attendance_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollment.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"))
    old_status: Mapped[Presence | None] = mapped_column(enum_column(Presence, "old_presence"))
    new_status: Mapped[Presence] = mapped_column(enum_column(Presence, "new_presence"))
    changed_by: Mapped[str] = _name(128)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ActivityLockEvent(Base):
    """Locking a settled activity or reopening it: an explicit, recorded act.

    A lock keeps the settlement as it was (JSON in `snapshot`), so later changes to the roster,
    the norms or distances cannot move money that was already paid.
    """

    __tablename__ = "activity_lock_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[LockAction] = mapped_column(enum_column(LockAction, "lock_action"))
    by: Mapped[str] = _name(128)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = _name(1000)
    snapshot: Mapped[str] = mapped_column(Text, default="")
    # sha256 of `snapshot` (canonical JSON), verified on every read of the locked settlement.
    checksum: Mapped[str] = mapped_column(String(64), default="", server_default="")


class PlanLockEvent(Base):
    """Locking a plan (its plan-level lines; every class already locked) or reopening it."""

    __tablename__ = "plan_lock_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    action: Mapped[LockAction] = mapped_column(enum_column(LockAction, "lock_action"))
    by: Mapped[str] = _name(128)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = _name(1000)
    snapshot: Mapped[str] = mapped_column(Text, default="")
    checksum: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditEntry(Base):
    """Who changed what, when: one row per inserted, updated or deleted row (models.audit).

    Ids are plain integers, never foreign keys: no cascade ever deletes the trail.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(128))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # insert | update | delete | bulk
    # The activity / plan / person the row belongs to, for the histories (plain ids).
    activity_id: Mapped[int | None] = mapped_column(Integer)
    plan_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer)
    old: Mapped[str] = mapped_column(Text, default="")  # JSON of the changed columns
    new: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_log_table_row", "table_name", "row_id"),
        Index("ix_audit_log_activity", "activity_id"),
        Index("ix_audit_log_person", "person_id"),
    )


class BudgetLine(Versioned, Base):
    """A line of the estimate (dự toán); activity None = a plan-level line."""

    __tablename__ = "budget_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    norm_item_id: Mapped[int | None] = mapped_column(ForeignKey("norm_item.id"))
    item_code: Mapped[str] = _name(64)  # the generator's key, stable across regenerations
    description: Mapped[str] = _name(1000)
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    unit: Mapped[str] = _name(64)
    rate: Mapped[int] = mapped_column(Money, default=0)
    amount: Mapped[int] = mapped_column(Money, default=0)
    origin: Mapped[LineOrigin] = mapped_column(
        enum_column(LineOrigin, "line_origin"), default=LineOrigin.MANUAL
    )
    override_reason: Mapped[str] = _name(1000)
    document_ref: Mapped[str] = _name(500)  # contract / invoice for "actual" lines
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A user's edit of a generated line: regeneration keeps the edited value.
    quantity_edited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    rate_edited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A generated line the user removed: kept (out of every total) so regeneration stays away.
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Settlement of a line without a formula: the amount actually spent, by document_ref.
    actual_amount: Mapped[int | None] = mapped_column(Money)
    # Tiểu mục when the user changed the norm item's default ("" = the item's).
    budget_code: Mapped[str] = mapped_column(String(8), default="", server_default="")
    # The documents behind actual_amount, as JSON (models.budget.documents); "" = none.
    documents: Mapped[str] = mapped_column(Text, default="", server_default="")

    norm_item: Mapped[NormItem | None] = relationship()

    __table_args__ = (
        CheckConstraint("amount = quantity * rate", name="amount_is_quantity_times_rate"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("rate >= 0", name="rate_not_negative"),
        CheckConstraint("actual_amount IS NULL OR actual_amount >= 0", name="actual_not_negative"),
    )


class Certificate(Base):
    """Sổ cấp giấy chứng nhận: one number per learner per plan, kept so that a re-print gives
    the same numbers and new eligible learners get the next ones."""

    __tablename__ = "certificate"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("plan_id", "person_id", name="uq_certificate_plan_person"),
        UniqueConstraint("plan_id", "number", name="uq_certificate_plan_number"),
        CheckConstraint("number > 0", name="certificate_number_positive"),
    )
