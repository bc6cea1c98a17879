"""Tệp → Kết nối máy chủ…: the department's PostgreSQL server (host, port, database, user,
password), a connection test, and the choice remembered (the password in the OS credential
store through keyring, the address without it in the settings)."""

from __future__ import annotations

from desktop.errors import message_for
from desktop.i18n import _
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.tasks import TaskRunner
from models.server import Server, check_server, load_password, parse_server, save_password


class ServerDialog(QDialog):
    """Emits `chosen(url)` (with the password, for opening; never stored) when accepted."""

    chosen = Signal(str)

    def __init__(
        self, runner: TaskRunner, remembered: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Kết nối máy chủ"))
        self.runner = runner
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("taphuan")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Máy chủ:"), self.host)
        form.addRow(_("Cổng:"), self.port)
        form.addRow(_("Cơ sở dữ liệu:"), self.database)
        form.addRow(_("Người dùng:"), self.user)
        form.addRow(_("Mật khẩu:"), self.password)
        self.test_button = QPushButton(_("Thử kết nối"))
        self.test_button.clicked.connect(self.try_connection)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Kết nối"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        server = parse_server(remembered) if remembered else None
        if server is not None:
            self.host.setText(server.host)
            self.port.setValue(server.port)
            self.database.setText(server.database)
            self.user.setText(server.user)
            self.password.setText(load_password(server) or "")

    def server(self) -> Server:
        return Server(
            self.host.text().strip() or "localhost",
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def try_connection(self) -> None:
        server, password = self.server(), self.password.text()
        self.status.setText(_("Đang thử kết nối…"))

        def done(version: str) -> None:
            self.status.setText(_("Kết nối được: {version}").format(version=version))

        def failed(exc: BaseException) -> None:
            self.status.setText(message_for(exc))

        self.runner.run(lambda: check_server(server, password), done, failed)

    def accept(self) -> None:
        server, password = self.server(), self.password.text()
        if not server.database or not server.user:
            self.status.setText(_("Cần tên cơ sở dữ liệu và người dùng."))
            return
        if password:
            try:
                save_password(server, password)
            except Exception as exc:  # the credential store refused: say so, keep the dialog
                self.status.setText(message_for(exc))
                return
        self.chosen.emit(server.url(password))
        super().accept()
