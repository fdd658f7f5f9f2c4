"""No user-visible text bypasses Qt translation: an AST scan of every module under app/.

A bare string literal (or f-string, or literal ``.format``/``%``/``+``) with letters in it,
passed to a widget's text setter or a widget constructor, is a string lupdate never sees and the
agent always reads in English. Wrapped in ``tr()``/``translate()``/``QT_TRANSLATE_NOOP`` it is
fine; so are texts without letters ("", "·", "%", digits).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# Setters whose text is shown to people (a tooltip and an accessible name are read too).
SETTERS = frozenset({
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle",
    "setPlaceholderText", "setAccessibleName", "setAccessibleDescription", "addTab",
    "setTabText", "showMessage", "setLabelText", "addItem", "addAction", "setTitle",
    "setItemText",
})
# QMessageBox's static helpers: (parent, title, text, ...).
MESSAGE_BOXES = frozenset({"information", "warning", "critical", "question"})
# Widgets (and view items) whose first argument is their text.
CONSTRUCTORS = frozenset({
    "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QAction",
    "QGroupBox", "QMenu", "QListWidgetItem", "QTableWidgetItem", "QTreeWidgetItem",
    "QStandardItem",
})
# Column headers: every element of the list is shown.
HEADERS = frozenset({"setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setHeaderLabels"})
# Keyword arguments that carry text (Qt for Python accepts properties as keywords).
TEXT_KEYWORDS = frozenset({
    "text", "title", "toolTip", "statusTip", "whatsThis", "windowTitle", "placeholderText",
    "accessibleName", "accessibleDescription",
})
# Deliberate exceptions: (path under app/, call name, literal). Keep it short, say why.
ALLOWED: frozenset[tuple[str, str, str]] = frozenset({
    # None yet: language names are in LANGUAGE_NAMES (not a literal at the call), object
    # names go through setObjectName (not scanned).
})


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r})"


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def bare_text(node: ast.expr) -> str | None:
    """The literal text of ``node`` when it reaches the screen untranslated, else None."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) and has_letters(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(v.value for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return parts if has_letters(parts) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return bare_text(node.left) or bare_text(node.right)
    if isinstance(node, ast.IfExp):
        return bare_text(node.body) or bare_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return next((t for t in map(bare_text, node.values) if t), None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("format", "format_map", "replace", "join", "strip", "upper",
                                   "lower", "capitalize", "title"):
        # "Hello {name}".format(...) is bare; tr("Hello {name}").format(...) is a Call inside.
        return bare_text(node.func.value)
    return None  # a name, a tr()/translate() call, a subscript: not a literal here


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _iconish(node: ast.expr) -> bool:
    """An icon as the first argument (addItem(icon, text), QAction(icon, text))."""
    if isinstance(node, ast.Call):
        name = _name(node.func).lower()
        return "icon" in name or name in ("dot", "qpixmap")
    return isinstance(node, ast.Name | ast.Attribute) and "icon" in _name(node).lower()


def text_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that are shown as text, by Qt's signatures."""
    name = _name(call.func)
    args = call.args
    found: list[ast.expr] = [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]
    if name in MESSAGE_BOXES:
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        if receiver is not None and _name(receiver) == "QMessageBox":
            found += args[1:3]
        return found
    if name in CONSTRUCTORS or name in ("addItem", "addAction"):
        if args:
            found.append(args[0])
            if _iconish(args[0]) and len(args) > 1:
                found.append(args[1])
        return found
    if name == "addTab":
        return found + args[1:]  # (widget, text) or (widget, icon, text)
    if name in ("setTabText", "setItemText"):
        return found + args[1:2]
    if name in HEADERS:
        return found + args[:1]
    if name in ("showMessage", "setLabelText"):
        # QStatusBar (text, ms), QSystemTrayIcon (title, text, ...), QFileDialog (label, text).
        return found + args[:2]
    if name in SETTERS:
        return found + args[:1]
    return found


def _elements(arguments: list[ast.expr]) -> list[ast.expr]:
    """A list or tuple literal stands for its elements (header labels, tree item columns)."""
    flat: list[ast.expr] = []
    for argument in arguments:
        if isinstance(argument, ast.List | ast.Tuple):
            flat += argument.elts
        else:
            flat.append(argument)
    return flat


def scan_source(source: str, path: str) -> list[Finding]:
    findings = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name not in SETTERS | MESSAGE_BOXES | CONSTRUCTORS | HEADERS:
            continue
        for argument in _elements(text_arguments(node)):
            text = bare_text(argument)
            if text is not None and (path, name, text) not in ALLOWED:
                findings.append(Finding(path, node.lineno, name, text))
    return findings


def scan_app() -> list[Finding]:
    findings = []
    for module in sorted(APP.rglob("*.py")):
        relative = module.relative_to(APP.parent).as_posix()
        findings += scan_source(module.read_text(encoding="utf-8"), relative)
    return sorted(findings)


def test_no_bare_literal_reaches_a_widget() -> None:
    found = scan_app()
    assert found == [], ("wrap these in self.tr()/QCoreApplication.translate() (or add a "
                         "commented exception to ALLOWED):\n" + "\n".join(map(str, found)))


def test_the_allow_list_holds_only_live_exceptions() -> None:
    """An exception whose code is gone must leave the list, or it hides the next one."""
    live = set()
    for module in sorted(APP.rglob("*.py")):
        relative = module.relative_to(APP.parent).as_posix()
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for argument in _elements(text_arguments(node)):
                    text = bare_text(argument)
                    if text is not None:
                        live.add((relative, _name(node.func), text))
    assert live >= ALLOWED, sorted(ALLOWED - live)


SAMPLE = '''
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

def build(label, combo, tabs, page, bar, name, log, table, icon):
    label.setText("Hello")                                  # 1 flagged
    label.setText(label.tr("Hello"))                        # translated
    label.setToolTip(f"Calls: {name}")                      # 2 flagged
    label.setText(f"{name}")                                # no letters
    label.setText("")                                       # empty
    label.setText(" · ".join([name, name]))                 # a separator
    label.setText("%")                                      # a sign
    QPushButton("OK")                                       # 3 flagged
    QLabel(QCoreApplication.translate("Ctx", "Name:"))      # translated
    QMessageBox.warning(None, "Oops", label.tr("Broken"))   # 4 flagged: the title
    log.warning("not a widget: %s", name)                   # logging, not a message box
    combo.addItem("Default", "default")                     # 5 flagged: text, not the data
    combo.addItem(label.tr("Default"), "default")           # data is not shown
    tabs.addTab(page, "Notes")                              # 6 flagged
    bar.showMessage("Saved {n}".format(n=1), 3000)          # 7 flagged
    label.setText(QT_TRANSLATE_NOOP("Ctx", "Marked"))       # marked for lupdate
    label.setText(label.tr("{a}").format(a="x"))            # the literal is an argument
    table.setHorizontalHeaderLabels([label.tr("When"), "Who"])  # 8 flagged: one column
    QListWidgetItem(icon("dot"), "Waiting")                 # 9 flagged: after the icon
'''


def test_the_scanner_flags_a_bare_literal() -> None:
    """The scan can fail: a sample with each kind of bare text is caught, the rest is not."""
    found = scan_source(SAMPLE, "sample.py")
    assert [(f.call, f.text) for f in found] == [
        ("setText", "Hello"), ("setToolTip", "Calls: "), ("QPushButton", "OK"),
        ("warning", "Oops"), ("addItem", "Default"), ("addTab", "Notes"),
        ("showMessage", "Saved {n}"), ("setHorizontalHeaderLabels", "Who"),
        ("QListWidgetItem", "Waiting"),
    ]
