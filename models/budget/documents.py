"""The documents behind a line's actual amount: contracts, invoices, receipts — several per line.

Each carries its number and date; an invoice also its symbol (ký hiệu), the seller and the
seller's tax code, as the treasury checks them. The line's actual amount is their sum and its
document reference their numbers; an actual above the estimate is flagged like a cap violation
until a reason is recorded (models.settlement.compute).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Final, Literal

from sqlalchemy.orm import Session

from models.budget.rules import check_amount
from models.entities.tables import BudgetLine
from models.errors import MoneyError

Kind = Literal["contract", "invoice", "receipt", "ticket"]
KIND_LABELS: Final = {
    "contract": "Hợp đồng", "invoice": "Hóa đơn", "receipt": "Biên nhận", "ticket": "Vé",
}  # fmt: skip
_TAX_CODE: Final = re.compile(r"\d{10}(?:-\d{3})?|\d{12}")


@dataclass(frozen=True)
class Document:
    kind: Kind
    number: str
    issued_on: dt.date
    amount: int
    symbol: str = ""  # ký hiệu hóa đơn
    seller: str = ""
    seller_tax_code: str = ""

    @property
    def reference(self) -> str:
        symbol = f" ký hiệu {self.symbol}" if self.symbol else ""
        return f"{KIND_LABELS[self.kind]} số {self.number}{symbol} ngày {self.issued_on:%d/%m/%Y}"

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "issued_on": self.issued_on.isoformat()}


def check_document(doc: Document, where: str) -> Document:
    """The document as the treasury expects it, or a sentence naming what is missing."""
    if doc.kind not in KIND_LABELS:
        raise MoneyError(f"{where}: loại chứng từ {doc.kind!r} không có")
    if not doc.number.strip():
        raise MoneyError(f"{where}: chứng từ cần có số")
    check_amount(doc.amount, f"{where}: số tiền chứng từ")
    if doc.kind == "invoice":
        missing = [label for label, value in (
            ("ký hiệu", doc.symbol), ("đơn vị bán", doc.seller),
            ("mã số thuế đơn vị bán", doc.seller_tax_code),
        ) if not value.strip()]  # fmt: skip
        if missing:
            raise MoneyError(f"{where}: hóa đơn số {doc.number} thiếu {', '.join(missing)}")
        if not _TAX_CODE.fullmatch(doc.seller_tax_code.strip()):
            raise MoneyError(
                f"{where}: mã số thuế «{doc.seller_tax_code.strip()}» của đơn vị bán không đúng"
            )
    return doc


def documents_of(line: BudgetLine) -> tuple[Document, ...]:
    if not line.documents:
        return ()
    return tuple(
        Document(**{**d, "issued_on": dt.date.fromisoformat(d["issued_on"])})
        for d in json.loads(line.documents)
    )


def record_documents(session: Session, line: BudgetLine, docs: Sequence[Document]) -> None:
    """Settle a line by its documents: the actual amount is their sum."""
    where = f'dòng "{line.description}"'
    checked = [check_document(d, where) for d in docs]
    line.documents = json.dumps([d.as_json() for d in checked], ensure_ascii=False)
    line.actual_amount = sum(d.amount for d in checked)
    line.document_ref = "; ".join(d.reference for d in checked)
    session.flush()
