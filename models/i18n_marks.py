"""A marker for the core's user-facing templates, so `bash dev.sh i18n` extracts them.

The core stays free of any language choice: `N_` returns its argument unchanged and the front
end translates the template when it shows it (desktop.i18n._, applied by desktop.errors).
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


class Text(str):
    """A sentence for the user that a front end can translate: its value is the Vietnamese
    text (so joining, comparing and printing keep working); `template` and `params` let the
    window show it in the interface language (desktop.i18n.tr)."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Text:
        text = super().__new__(cls, template.format(**params) if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[object, ...]:  # pickles as its template and arguments
        return (_text, (self.template, self.params))


def _text(template: str, params: dict[str, object]) -> Text:
    return Text(template, **params)


class Amount(int):
    """Whole đồng as a message argument: grouped the Vietnamese way in the core's text
    (1.234.567), regrouped for the interface language by the window (desktop.i18n)."""

    def __format__(self, spec: str) -> str:
        return f"{int(self):,}".replace(",", ".") if not spec else format(int(self), spec)
