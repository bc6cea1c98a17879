"""The check-in box: the buổi being marked, the line a USB scanner types into, and what the
last scan did, in a colour seen from the door.

The box only reads and shows: Enter hands the text to the tab (`scanned`), which writes the
mark on the worker and gives the result back to `show_result`.
"""

from __future__ import annotations

from desktop.i18n import _
from desktop.pages.attendance_grid import STATUS_NAMES
from desktop.qt import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTime,
    QVBoxLayout,
    QWidget,
)
from models.attendance.checkin import CheckInResult

# Scan feedback: (text colour, background, border).
TONES = {
    "ok": ("#14532d", "#dcfce7", "#22c55e"),
    "warn": ("#713f12", "#fef3c7", "#f59e0b"),
    "bad": ("#7f1d1d", "#fee2e2", "#ef4444"),
    "idle": ("#374151", "#f3f4f6", "#d1d5db"),
}


class CheckInBox(QWidget):
    """The buổi chooser, the scan line and the coloured feedback frame under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_combo = QComboBox()
        self.session_combo.setToolTip(_("Buổi được ghi khi quét hoặc gõ số CCCD"))
        self.session_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scan_box = QLineEdit()
        self.scan_box.setPlaceholderText(_("Quét mã QR trên CCCD hoặc gõ số CCCD rồi Enter"))
        self.scan_box.setClearButtonEnabled(True)
        scan_font = self.scan_box.font()
        scan_font.setPointSizeF(scan_font.pointSizeF() * 1.3)
        self.scan_box.setFont(scan_font)
        self.scan_box.setMinimumHeight(34)

        self.feedback = QFrame()
        self.feedback.setObjectName("scanFeedback")
        self.feedback_title = QLabel()
        self.feedback_title.setWordWrap(True)
        self.feedback_title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.feedback_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.feedback_title.setFont(title_font)
        self.feedback_detail = QLabel()
        self.feedback_detail.setWordWrap(True)
        self.feedback_detail.setTextFormat(Qt.TextFormat.PlainText)
        feedback_layout = QVBoxLayout(self.feedback)
        feedback_layout.setContentsMargins(12, 8, 12, 8)
        feedback_layout.setSpacing(2)
        feedback_layout.addWidget(self.feedback_title)
        feedback_layout.addWidget(self.feedback_detail)
        # Someone at the door who is not on the list: the tab asks, then enrols and marks.
        self.enroll_button = QPushButton(_("Ghi danh vào lớp và điểm danh…"))
        self.enroll_button.setToolTip(
            _("Thêm người vừa quét vào danh sách lớp (nếu còn chỗ) và ghi có mặt buổi này")
        )
        self.enroll_button.hide()
        feedback_layout.addWidget(self.enroll_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tone = "idle"

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Điểm danh buổi:")))
        row.addWidget(self.session_combo)
        row.addWidget(self.scan_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        self.idle()

    def failed(self, message: str) -> None:
        self.show_feedback("bad", _("Không ghi được điểm danh"), message)
        self.scan_box.setFocus()

    def show_result(self, result: CheckInResult) -> None:
        """What a scan did, in colour: present, already marked, not on the list, unreadable."""
        self.scan_box.setFocus()
        at = _("Lúc {time}.").format(time=QTime.currentTime().toString("HH:mm:ss"))
        if result.status == "present":
            earlier = (
                " " + _("Trước đó ghi: {status}.").format(status=_(STATUS_NAMES[result.previous]))
                if result.previous
                else ""
            )
            self.show_feedback(
                "ok",
                _("✓ {name} — có mặt buổi {label}").format(
                    name=result.full_name, label=result.session_label
                ),
                f"CCCD {result.cccd}. {at}{earlier}",
            )
        elif result.status == "already":
            self.show_feedback(
                "warn",
                _("{name} đã điểm danh rồi (buổi {label})").format(
                    name=result.full_name, label=result.session_label
                ),
                f"CCCD {result.cccd}. {at} " + _("Không ghi thêm gì."),
            )
        elif result.status == "not_enrolled":
            who = result.full_name or f"CCCD {result.cccd}"
            if result.other_classes:
                where = _("Người này học lớp {classes}.").format(
                    classes=", ".join(result.other_classes)
                )
            elif result.known:
                where = _("Người này chưa có trong danh sách học viên của lớp nào.")
            else:
                where = _("Số CCCD này không có trong cơ sở dữ liệu.")
            self.show_feedback(
                "bad",
                _("✗ Không có trong danh sách lớp: {who}").format(who=who),
                f"CCCD {result.cccd}. {where} {at} " + _("Không ghi điểm danh."),
            )
            self.enroll_button.setVisible(result.known)
        else:
            reason = result.reason[:1].upper() + result.reason[1:]
            self.show_feedback("bad", _("Không nhận ra mã vừa quét"), f"{reason}. {at}")

    def idle(self) -> None:
        self.show_feedback(
            "idle",
            _("Sẵn sàng quét"),
            _(
                "Kết quả mỗi lần quét hiện ở đây: xanh là đã ghi có mặt, vàng là đã điểm danh "
                "rồi, đỏ là không có trong danh sách lớp."
            ),
        )

    def show_feedback(self, tone: str, title: str, detail: str) -> None:
        self.tone = tone
        self.enroll_button.hide()
        colour, background, border = TONES[tone]
        self.feedback.setStyleSheet(
            f"QFrame#scanFeedback {{ background: {background}; border: 2px solid {border}; "
            f"border-radius: 6px; }} QFrame#scanFeedback QLabel {{ color: {colour}; }}"
        )
        self.feedback_title.setText(title)
        self.feedback_detail.setText(detail)
