"""Small charts painted with QPainter (no QtCharts: PySide6-Essentials is enough)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.qt import QColor, QPainter, QPaintEvent, QRectF, QSize, Qt, QWidget

BAR = QColor("#2f6fb0")
OVER = QColor("#c0392b")
TRACK = QColor("#e6ebf1")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # drawn as a share of `maximum`
    maximum: float
    text: str  # what is printed at the end of the bar, already formatted


class BarChart(QWidget):
    """Horizontal bars with their labels and values; a bar past its maximum turns red."""

    ROW = 26

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.setMinimumHeight(80)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 36 + self.ROW * max(1, len(self.bars)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        width = self.width()
        top = 4
        if self.title:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QRectF(0, 0, width, 24), Qt.AlignmentFlag.AlignLeft, self.title)
            painter.setFont(self.font())
            top = 28
        label_w = min(
            width * 0.35,
            max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0) + 8,
        )
        text_w = max((metrics.horizontalAdvance(b.text) for b in self.bars), default=0) + 8
        track_w = max(10.0, width - label_w - text_w - 8)
        for row, bar in enumerate(self.bars):
            y = top + row * self.ROW
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_w) - 6)
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(QRectF(0, y, label_w, self.ROW), align, label)
            track = QRectF(label_w, y + 5, track_w, self.ROW - 10)
            painter.fillRect(track, TRACK)
            share = 0.0 if bar.maximum <= 0 else min(1.0, bar.value / bar.maximum)
            color = OVER if bar.maximum > 0 and bar.value > bar.maximum else BAR
            painter.fillRect(
                QRectF(track.left(), track.top(), track_w * share, track.height()), color
            )
            painter.drawText(QRectF(label_w + track_w + 6, y, text_w, self.ROW), align, bar.text)
        painter.end()
