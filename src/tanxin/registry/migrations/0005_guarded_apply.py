"""PostgreSQL: apply an already-decided move in one statement, guarded by the state it was decided on.

``registry.guarded`` reads a consistent snapshot without locks, lets ``domain.ledger`` decide, then calls
``registry_apply_guarded``. The function locks the accounts in ascending id order (the same order as
every other write path), re-reads them and their balance rows under the lock and compares them with the
snapshot the decision was made on: every account's ``blocked`` flag and every balance row's quantity and
held amount. Any difference writes nothing (NULL for an account, error TX409 for a balance, which undoes
the statement); the caller then takes the locking path.
Otherwise it writes the transaction, its postings, the balance projection, the idempotency key and the
staged journal record (chained by the sealer, see migration 0004).
Because the state under the lock equals the state decided on, the outcome is exactly the locking path's.
"""

from django.db import migrations

APPLY_FUNCTION = """
CREATE OR REPLACE FUNCTION registry_apply_guarded(
  p_account_ids bigint[], p_blocked boolean[],
  p_balance_ids bigint[], p_quantities bigint[], p_helds bigint[], p_deltas bigint[],
  p_posting_accounts bigint[], p_posting_instruments bigint[], p_posting_quantities bigint[],
  p_tx_id text, p_kind text, p_subtype text, p_actor bigint, p_approver bigint, p_reason text,
  p_legal_basis text, p_year integer, p_created timestamptz,
  p_key text, p_operation text, p_request_hash text, p_result text,
  p_journal_kind text, p_journal_payload text
) RETURNS bigint AS $$
DECLARE
  i integer;
  locked_blocked boolean;
  new_tx bigint;
BEGIN
  -- Lock the accounts one at a time by primary key in ascending id order (the order of every write path)
  -- and compare what each lock returns, the latest version, with the snapshot.
  FOR i IN 1 .. cardinality(p_account_ids) LOOP
    IF i > 1 AND p_account_ids[i] <= p_account_ids[i - 1] THEN
      RAISE EXCEPTION 'accounts must be given in ascending id order' USING ERRCODE = 'TX400';
    END IF;
    SELECT a.blocked INTO locked_blocked FROM registry_account a WHERE a.id = p_account_ids[i] FOR NO KEY UPDATE;
    IF NOT FOUND OR locked_blocked IS DISTINCT FROM p_blocked[i] THEN
      RETURN NULL;
    END IF;
  END LOOP;
  -- Move each balance only if it still holds what the decision saw; otherwise undo everything.
  FOR i IN 1 .. cardinality(p_balance_ids) LOOP
    UPDATE registry_balance b SET quantity = b.quantity + p_deltas[i]
    WHERE b.id = p_balance_ids[i] AND b.quantity = p_quantities[i] AND b.held = p_helds[i];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'registry snapshot changed' USING ERRCODE = 'TX409';
    END IF;
  END LOOP;
  WITH t AS (
    INSERT INTO registry_transaction (tx_id, kind, subtype, actor_id, approved_by_id, reason, legal_basis,
                                      compliance_year, reverses_id, created_at)
    VALUES (p_tx_id, p_kind, p_subtype, p_actor, p_approver, p_reason, p_legal_basis, p_year, NULL, p_created)
    RETURNING id
  ), p AS (
    INSERT INTO registry_posting (tx_id, account_id, instrument_id, quantity)
    SELECT t.id, m.account_id, m.instrument_id, m.quantity
    FROM t, unnest(p_posting_accounts, p_posting_instruments, p_posting_quantities) AS m(account_id, instrument_id,
                                                                                        quantity)
  ), k AS (
    INSERT INTO registry_idempotencykey (actor_id, key, operation, request_hash, result, created_at)
    SELECT p_actor, p_key, p_operation, p_request_hash, p_result::jsonb, now() WHERE p_key IS NOT NULL
  ), j AS (
    INSERT INTO registry_journalstage (kind, payload, created_at) VALUES (p_journal_kind, p_journal_payload, now())
  )
  SELECT id INTO new_tx FROM t;
  RETURN new_tx;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPLY_FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS registry_apply_guarded;")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_journal_stage")]
    operations = [migrations.RunPython(create, drop)]
