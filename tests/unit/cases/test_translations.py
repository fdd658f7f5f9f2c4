"""The SR translation workflow (app.cases.translations) on a real SQLite store."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.cases.models import Case, Language, Note, Priority, TranslationRequest, utcnow
from app.cases.resolver import Draft
from app.cases.service import CaseError, add_note, create_case, ensure_agent
from app.cases.store import open_sqlite
from app.cases.translations import (
    case_translations,
    request_translation,
    translate,
    translation_queue,
    waiting_count,
)

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterator
    from pathlib import Path

    from app.cases.store import Store

DRAFT = Draft("0312345678", "+81312345678", None, "王 芳", None, "上海精密", Language.ZH)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "c.db")
    yield opened
    opened.close()


def _case(store: Store, title: str, priority: Priority, description: str = "",
          language: Language = Language.ZH) -> uuid.UUID:
    with store.session() as session:
        return create_case(session, DRAFT, title=title, description=description,
                           priority=priority, language=language).id


def _note(store: Store, case_id: uuid.UUID, body: str, language: Language) -> uuid.UUID:
    with store.session() as session:
        return add_note(session, case_id, body, language).id


def test_mark_list_oldest_first_translate_and_keep_both(store: Store) -> None:
    urgent = _case(store, "生产线停机", Priority.P1, "整条生产线停机,伺服报警 AL.21。")
    minor = _case(store, "手册请求", Priority.P4)
    note = _note(store, urgent, "客户已重启控制器,报警仍在。", Language.ZH)
    other = _note(store, minor, "需要英文版手册。", Language.ZH)
    with store.session() as session:
        hub = ensure_agent(session, "hub@tokyo", "佐藤 花子").id
        engineer = ensure_agent(session, "eng@osaka", "Ken Ito").id
    with store.session() as session:
        first = request_translation(session, urgent, Language.JA, note_id=note,
                                    requested_by=hub)
    with store.session() as session:
        request_translation(session, minor, Language.EN, note_id=other, requested_by=hub)
        request_translation(session, urgent, Language.EN, requested_by=hub)  # the description
        again = request_translation(session, urgent, Language.JA, note_id=note)
    assert again.id == first.id  # marked twice: one queue entry

    with store.session() as session:
        queue = translation_queue(session)
        assert waiting_count(session) == 3
    assert [(q.case_id, q.note_id, q.target_language) for q in queue] == [
        (urgent, note, Language.JA), (minor, other, Language.EN), (urgent, None, Language.EN)]
    head = queue[0]
    assert head.priority is Priority.P1 and head.case_title == "生产线停机"
    assert head.source_language is Language.ZH and head.requested_by == "佐藤 花子"
    assert head.excerpt == "客户已重启控制器,报警仍在。"

    with store.session() as session:
        done = translate(session, head.id, "お客様がコントローラを再起動しましたが、アラームは"
                         "消えていません。", author_id=engineer)
    assert done.translation is not None and done.translated_by == "Ken Ito"
    with store.session() as session:
        assert [q.id for q in translation_queue(session)] == [queue[1].id, queue[2].id]
        source = session.get(Note, note)
        translated = session.scalars(select(Note).where(Note.translation_of == note)).one()
        assert source is not None and source.body == "客户已重启控制器,报警仍在。"  # kept
        assert translated.language is Language.JA and translated.case_id == urgent
        shown = case_translations(session, urgent)
    assert [(t.source_text, t.translation is not None) for t in shown] == [
        ("客户已重启控制器,报警仍在。", True), ("整条生产线停机,伺服报警 AL.21。", False)]
    assert shown[0].source_language is Language.ZH and shown[0].target_language is Language.JA


def test_a_translation_is_never_overwritten(store: Store) -> None:
    case = _case(store, "Login fails", Priority.P2, "SSO loop after the upgrade.", Language.EN)
    with store.session() as session:
        request = request_translation(session, case, Language.JA)
    with store.session() as session:
        translate(session, request.id, "アップグレード後に SSO がループします。")
    with store.session() as session, pytest.raises(CaseError) as err:
        translate(session, request.id, "別の訳")
    assert err.value.code == "already_translated"
    with store.session() as session:
        assert [t.translation for t in case_translations(session, case)] == [
            "アップグレード後に SSO がループします。"]
    # The store itself refuses to change a note, the translation included.
    with store.session() as session, pytest.raises(IntegrityError):
        session.execute(update(Note).where(Note.translation_of.is_(None))
                        .values(body="changed"))


def test_bad_requests_are_refused_with_a_code(store: Store) -> None:
    empty = _case(store, "No description", Priority.P3, "", Language.JA)
    case = _case(store, "説明あり", Priority.P3, "本文", Language.JA)
    elsewhere = _note(store, empty, "別の SR のメモ", Language.JA)
    cases = [
        (lambda s: request_translation(s, empty, Language.EN), "nothing_to_translate"),
        (lambda s: request_translation(s, case, Language.JA), "same_language"),
        (lambda s: request_translation(s, case, Language.EN, note_id=elsewhere), "no_such_note"),
        (lambda s: translate(s, elsewhere, "x"), "no_such_translation"),
    ]
    for call, code in cases:
        with store.session() as session, pytest.raises(CaseError) as err:
            call(session)
        assert err.value.code == code


def test_an_edited_description_is_a_new_text_to_translate(store: Store) -> None:
    case = _case(store, "説明", Priority.P3, "最初の説明", Language.JA)
    with store.session() as session:
        first = request_translation(session, case, Language.EN)
    with store.session() as session:
        row = session.get(TranslationRequest, first.id)
        assert row is not None
        row.requested_at = utcnow() - timedelta(hours=1)
        edited = session.get(Case, case)
        assert edited is not None
        edited.description = "書き直した説明"
    with store.session() as session:
        second = request_translation(session, case, Language.EN)
        queue = translation_queue(session)
    assert second.id != first.id
    assert [q.excerpt for q in queue] == ["最初の説明", "書き直した説明"]
