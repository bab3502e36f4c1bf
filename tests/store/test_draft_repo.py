"""The lexicon draft repository on SQLite and on the local PostgreSQL."""
from __future__ import annotations

import pytest

from service.domain.errors import FailedPrecondition, NotFound
from service.store import open_store
from service.store.draft_repo import DraftRepository, drafts_of


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def test_drafts_migrate_idempotently_and_attach_once(store_url):
    a = open_store(store_url)
    repo = drafts_of(a)
    assert isinstance(repo, DraftRepository) and drafts_of(a) is repo
    repo.create("one", "", "abc+r0", "alice")
    a.close()
    b = open_store(store_url)  # reopened: the tables are there, nothing is applied twice
    assert [d.name for d in drafts_of(b).list()] == ["one"]
    b.close()


def test_draft_lifecycle_ops_in_order_audited(store):
    repo = drafts_of(store)
    d = repo.create("add a media entry", "ticket 42", "abc+r0", "alice")
    assert (d.status, d.revision, d.base_version, d.created_by) == ("open", 0, "abc+r0", "alice")
    repo.add_op(d.id, "closed.add", {"name": "某某官方", "account_id": "a1", "reason": "x"}, "alice")
    repo.add_op(d.id, "entry.retire", {"id": "media.x", "reason": "gone"}, "bob")
    ops = repo.ops(d.id)
    assert [(o.seq, o.kind, o.added_by) for o in ops] == [(1, "closed.add", "alice"), (2, "entry.retire", "bob")]
    assert ops[0].body == {"name": "某某官方", "account_id": "a1", "reason": "x"}
    assert repo.revision(d.id) == ("open", 2)
    # publishing: no more operations; progress is recorded; finishing closes the draft
    repo.begin_publish(d.id, "carol")
    with pytest.raises(FailedPrecondition):
        repo.add_op(d.id, "entry.retire", {"id": "media.y", "reason": ""}, "bob")
    repo.op_published(d.id, 1)
    assert repo.get(d.id).published_ops == 1
    assert repo.begin_publish(d.id, "carol").status == "publishing"  # a resumed publish
    done = repo.finish_publish(d.id, "abc+r2", "carol")
    assert (done.status, done.result, done.closed_by) == ("published", "abc+r2", "carol")
    assert repo.list() == [] and [x.id for x in repo.list(include_closed=True)] == [d.id]
    actions = [(e.actor, e.action) for e in store.audit.list(f"draft.{d.id}")]
    assert actions == [("carol", "draft.publish"), ("carol", "draft.publish.begin"), ("bob", "draft.op"),
                       ("alice", "draft.op"), ("alice", "draft.create")]
    assert store.audit.verify().ok


def test_discard_and_unknown_drafts(store):
    repo = drafts_of(store)
    d = repo.create("n", "", "v", "alice")
    repo.discard(d.id, "not needed", "bob")
    assert repo.get(d.id).status == "discarded" and repo.get(d.id).result == "not needed"
    with pytest.raises(FailedPrecondition):
        repo.add_op(d.id, "entry.retire", {"id": "a", "reason": ""}, "bob")
    with pytest.raises(FailedPrecondition):
        repo.begin_publish(d.id, "bob")
    with pytest.raises(NotFound):
        repo.get(9999)
    with pytest.raises(NotFound):
        repo.add_op(9999, "entry.retire", {"id": "a", "reason": ""}, "bob")
    assert repo.revision(9999) is None


def test_drafts_leave_the_served_lexicon_alone(store):
    repo = drafts_of(store)
    d = repo.create("n", "", "v", "alice")
    repo.add_op(d.id, "closed.add", {"name": "某某官方", "account_id": "", "reason": ""}, "alice")
    assert store.lexicon.revision() == 0 and store.lexicon.snapshot().closed == ()
