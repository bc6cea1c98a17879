"""Splitting a pooled roster into classes: whole communes (or districts) where they fit.

The pool is the people imported without a class: enrolled in no activity at all. They go
into N classes of at most K each: the plan's training classes that are not locked, in code
order, then new ones copied from the last (next free dates, next title). Groups are placed
largest first, each into the class with the most room left that takes it whole, which keeps
the classes balanced; a group that fits nowhere whole is spread over the classes with the
most room. Whoever cannot be placed (every class full) is listed with the reason, never
dropped. `propose_split` writes nothing; `apply_split` writes the proposal in the caller's
transaction after checking that the pool has not changed meanwhile.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models.entities.enums import ActivityKind, Role
from models.entities.tables import Activity, Enrollment, Person, Venue
from models.errors import UserError
from models.guard import writable_activity
from models.lookup import get_plan

GroupBy = Literal["commune", "district"]
GROUPINGS: Final = ("commune", "district")


class SplitError(UserError):
    """A split that cannot be proposed or applied as asked."""


def split_groups(
    groups: Mapping[str, Sequence[int]], rooms: Sequence[int]
) -> tuple[list[list[int]], list[int]]:
    """People (ids, grouped) into classes with the given free places; (classes, unplaced).

    Pure and deterministic: groups by size (largest first, then key), people in their
    group's order. A class is never given more than its room; nobody is lost or doubled.
    """
    classes: list[list[int]] = [[] for _ in rooms]
    room = list(rooms)
    unplaced: list[int] = []
    for _key, people in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        members = list(people)
        fitting = [i for i in range(len(room)) if room[i] >= len(members)]
        if fitting:
            # Balance: the class with the most room left (the emptiest), first index on ties.
            target = max(fitting, key=lambda i: (room[i], -i))
            classes[target].extend(members)
            room[target] -= len(members)
            continue
        # Spread: fill the classes with the most room first, as few pieces as possible.
        heap = [(-room[i], i) for i in range(len(room)) if room[i] > 0]
        heapq.heapify(heap)
        while members and heap:
            _free, index = heapq.heappop(heap)
            take = members[: room[index]]
            members = members[len(take) :]
            classes[index].extend(take)
            room[index] -= len(take)
        unplaced.extend(members)
    return classes, unplaced


@dataclass(frozen=True)
class ProposedClass:
    code: str
    title: str
    activity_id: int | None  # None: to be created by copying the template
    already: int  # people enrolled before the split
    person_ids: tuple[int, ...]
    groups: tuple[str, ...]  # the communes or districts it holds, largest share first

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "new": self.activity_id is None,
            "already": self.already,
            "people": len(self.person_ids),
            "groups": list(self.groups),
        }


@dataclass(frozen=True)
class UnplacedPerson:
    person_id: int
    name: str
    group: str
    reason: str


@dataclass(frozen=True)
class SplitProposal:
    plan_id: int
    by: GroupBy
    limit: int
    pool: tuple[int, ...]  # the pooled people, to check nothing changed before writing
    classes: tuple[ProposedClass, ...]
    unplaced: tuple[UnplacedPerson, ...]
    whole_groups: int  # groups kept in one class
    split_groups: int  # groups spread over several

    def as_json(self) -> dict[str, object]:
        return {
            "by": self.by,
            "max": self.limit,
            "pooled": len(self.pool),
            "classes": [c.as_json() for c in self.classes],
            "unplaced": [
                {"name": u.name, "group": u.group, "reason": u.reason} for u in self.unplaced
            ],
            "whole_groups": self.whole_groups,
            "split_groups": self.split_groups,
        }


def pooled_people(session: Session) -> list[tuple[int, str, str, str]]:
    """(id, name, commune, district) of everyone enrolled nowhere, in Vietnamese name order."""
    rows = session.execute(
        select(Person.id, Person.full_name, Person.commune, Person.district)
        .where(~select(Enrollment.id).where(Enrollment.person_id == Person.id).exists())
        .order_by(Person.sort_key, Person.id)
    ).all()
    return [(pid, name, commune, district) for pid, name, commune, district in rows]


def propose_split(
    session: Session, plan_id: int, *, classes: int, limit: int, by: GroupBy = "commune"
) -> SplitProposal:
    """Who would go where: nothing is written."""
    from models.planning.copying import propose_copies

    if by not in GROUPINGS:
        raise SplitError(f"chia theo «{by}»: chỉ chia theo xã (commune) hoặc huyện (district)")
    if classes < 1 or limit < 1:
        raise SplitError("số lớp và số người tối đa mỗi lớp phải từ 1 trở lên")
    plan = get_plan(session, plan_id)
    existing = list(
        session.scalars(
            select(Activity)
            .where(
                Activity.plan_id == plan.id,
                Activity.kind == ActivityKind.TRAINING,
                Activity.locked.is_(False),
            )
            .order_by(Activity.code)
        )
    )[:classes]
    if not existing:
        raise SplitError(
            f"kế hoạch {plan.code} chưa có lớp tập huấn nào (chưa khóa) để làm mẫu: "
            "hãy tạo lớp đầu tiên trước"
        )
    counts = dict(
        session.execute(
            select(Enrollment.activity_id, func.count())
            .where(Enrollment.activity_id.in_([a.id for a in existing]))
            .group_by(Enrollment.activity_id)
        ).all()
    )
    new = propose_copies(session, existing[-1].id, classes - len(existing))
    capacity = _capacity(session, existing[-1].venue_id)
    targets: list[tuple[str, str, int | None, int, int]] = []  # code, title, id, already, room
    for activity in existing:
        venue_room = _capacity(session, activity.venue_id)
        already = counts.get(activity.id, 0)
        room = min(limit, venue_room if venue_room is not None else limit) - already
        targets.append((activity.code, activity.title, activity.id, already, max(room, 0)))
    for copy in new:
        room = min(limit, capacity if capacity is not None else limit)
        targets.append((copy.code, copy.title, None, 0, room))

    people = pooled_people(session)
    group_of = {pid: (district if by == "district" else commune) or "(không rõ)"
                for pid, _n, commune, district in people}  # fmt: skip
    names = {pid: name for pid, name, _c, _d in people}
    groups: dict[str, list[int]] = defaultdict(list)
    for pid, *_rest in people:
        groups[group_of[pid]].append(pid)
    assigned, left = split_groups(groups, [t[4] for t in targets])

    proposed = []
    spread: dict[str, int] = defaultdict(int)
    for (code, title, activity_id, already, _room), members in zip(targets, assigned, strict=True):
        shares: dict[str, int] = defaultdict(int)
        for pid in members:
            shares[group_of[pid]] += 1
        for key in shares:
            spread[key] += 1
        ordered = tuple(sorted(shares, key=lambda k: (-shares[k], k)))
        proposed.append(ProposedClass(code, title, activity_id, already, tuple(members), ordered))
    full = "mọi lớp đã đủ người" if targets else "không có lớp"
    reason = f"{full} ({classes} lớp × tối đa {limit} người, theo sức chứa hội trường)"
    unplaced = tuple(UnplacedPerson(pid, names[pid], group_of[pid], reason) for pid in left)
    for person in unplaced:
        spread[person.group] += 1
    return SplitProposal(
        plan_id=plan.id,
        by=by,
        limit=limit,
        pool=tuple(pid for pid, *_r in people),
        classes=tuple(proposed),
        unplaced=unplaced,
        whole_groups=sum(1 for n in spread.values() if n == 1),
        split_groups=sum(1 for n in spread.values() if n > 1),
    )


def _capacity(session: Session, venue_id: int | None) -> int | None:
    if venue_id is None:
        return None
    return session.scalar(select(Venue.capacity).where(Venue.id == venue_id))


def apply_split(session: Session, proposal: SplitProposal) -> list[int]:
    """Write the proposal (new classes copied, people enrolled); the ids of its classes."""
    from models.planning.copying import copy_with_proposal, propose_copies

    if tuple(pid for pid, *_r in pooled_people(session)) != proposal.pool:
        raise SplitError("danh sách người chưa xếp lớp đã thay đổi: hãy xem lại cách chia")
    existing = [c for c in proposal.classes if c.activity_id is not None]
    template = existing[-1].activity_id if existing else None
    assert template is not None  # propose_split always starts from an existing class
    new_count = len(proposal.classes) - len(existing)
    copies = iter(propose_copies(session, template, new_count))
    ids = []
    for proposed in proposal.classes:
        if proposed.activity_id is None:
            activity_id = copy_with_proposal(session, template, next(copies)).id
        else:
            activity_id = writable_activity(session, proposed.activity_id).id
        if proposed.person_ids:
            session.execute(
                insert(Enrollment),
                [
                    {"person_id": pid, "activity_id": activity_id, "role": Role.LEARNER}
                    for pid in proposed.person_ids
                ],
            )
        ids.append(activity_id)
    session.flush()
    return ids
