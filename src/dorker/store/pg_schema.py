"""The PostgreSQL store's schema, roles and append function (SQL text; see docs/team-mode.md).

Everything lives in one schema (default `dorker`). Investigators never write the tables: they call
`append_events`, a SECURITY DEFINER function that takes the store's lock, completes each
event's canonical bytes with `prev`, `seq` and `ts` (the server's clock, never running backwards),
hashes them and stamps the database's own `session_user` into the row, all in one statement
(committed without waiting for the disk; the client then waits for the flush: see postgres.py).
Triggers refuse UPDATE, DELETE and TRUNCATE of events as a second line.
"""

from __future__ import annotations

__all__ = ["AUDITOR_ROLE", "INVESTIGATOR_ROLE", "MAX_BLOB", "ROLE_STATEMENTS", "SCHEMA_STATEMENTS",
           "SCHEMA_VERSION", "UPGRADES"]

SCHEMA_VERSION = 2
"""1: events, meta, append_events. 2: blobs (team evidence) and add_blob."""
MAX_BLOB = 256 * 1024 * 1024
"""Largest evidence file shared through the team store (bytes); larger ones stay local."""
INVESTIGATOR_ROLE = "dorker_investigator"
AUDITOR_ROLE = "dorker_auditor"

ROLE_STATEMENTS = tuple(f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE {role} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$""" for role in (INVESTIGATOR_ROLE, AUDITOR_ROLE))
"""Create the two group roles once per cluster (they are shared by every store in it)."""

# `{s}` stands for the quoted schema name (a checked plain identifier, see postgres.py).
SCHEMA_STATEMENTS = (
    "CREATE SCHEMA {s}",
    """CREATE TABLE {s}.meta (key text PRIMARY KEY, value text NOT NULL)""",
    "INSERT INTO {s}.meta VALUES ('schema_version', '1')",
    """CREATE TABLE {s}.events (
        seq bigint PRIMARY KEY,
        body bytea NOT NULL,
        hash text COLLATE "C" NOT NULL,
        db_user text NOT NULL,
        ts text COLLATE "C" NOT NULL,
        actor text COLLATE "C" NOT NULL,
        case_id text COLLATE "C",
        action text COLLATE "C" NOT NULL
    )""",
    "CREATE INDEX events_case ON {s}.events (case_id, seq)",
    "CREATE INDEX events_actor ON {s}.events (actor, seq)",
    "CREATE INDEX events_action ON {s}.events (action, seq)",
    "CREATE INDEX events_ts ON {s}.events (ts)",
    """CREATE FUNCTION {s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'the dorker record is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'DKAPP';
    END $fn$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {s}.events
       FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()""",
    """CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {s}.events
       FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()""",
    # PostgreSQL's JSON functions refuse \u0000 (text cannot hold NUL): the copy they parse to
    # check keys and fill the filter columns has it as \u0001; the stored bytes are untouched.
    r"""CREATE FUNCTION {s}.json_text(b bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT
       SET search_path = pg_catalog AS $fn$
       SELECT replace(convert_from(b, 'UTF8'), '\u0000', '\u0001')
    $fn$""",
    """CREATE FUNCTION {s}.append_events(p_expect bigint, p_prefixes bytea[])
       RETURNS TABLE (seq bigint, ts text, prev text, hash text)
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
       AS $fn$
    DECLARE
      h_seq bigint; h_hash text; h_ts text;
      now_ts text;
      body bytea;
      keys text[];
      digest text;
    BEGIN
      -- Writers queue on one advisory lock per store, held to the end of the transaction. The
      -- head is the last event itself (no row is ever updated, so nothing bloats under load);
      -- should anything read a stale head, its seq collides with the primary key: no fork.
      PERFORM pg_advisory_xact_lock(1146048075, hashtext('{s}'));
      -- Commit without waiting for the disk, so the lock is released as soon as the events are
      -- in memory; the caller then waits for durability with a small synchronous commit (WAL is
      -- flushed in order, so that covers these events; concurrent callers share one flush).
      PERFORM set_config('synchronous_commit', 'off', true);
      SELECT e.seq, e.hash, e.ts INTO h_seq, h_hash, h_ts
        FROM {s}.events e ORDER BY e.seq DESC LIMIT 1;
      IF NOT FOUND THEN
        h_seq := 0; h_hash := repeat('0', 64); h_ts := '';
      END IF;
      IF p_expect IS NOT NULL AND p_expect <> h_seq THEN
        RAISE EXCEPTION 'dorker: the record moved on (head %, expected %)', h_seq, p_expect
          USING ERRCODE = 'DKHMV';
      END IF;
      now_ts := to_char(clock_timestamp() AT TIME ZONE 'UTC',
                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      IF now_ts COLLATE "C" > h_ts COLLATE "C" THEN h_ts := now_ts; END IF;
      FOR i IN 1 .. coalesce(array_length(p_prefixes, 1), 0) LOOP
        -- The client's part is the canonical {"action","actor","case","payload" (in that
        -- order, each once); the server adds "prev", "seq" and "ts" under the store's lock.
        BEGIN
          SELECT array_agg(k) INTO keys
            FROM json_object_keys(({s}.json_text(p_prefixes[i]) || '}')::json) k;
        EXCEPTION WHEN OTHERS THEN
          keys := NULL;
        END;
        IF keys IS DISTINCT FROM ARRAY['action', 'actor', 'case', 'payload']
           OR get_byte(p_prefixes[i], 0) <> 123 THEN
          RAISE EXCEPTION 'dorker: event % is not a canonical event prefix', h_seq + 1
            USING ERRCODE = 'DKBAD';
        END IF;
        body := p_prefixes[i] || convert_to(format(',"prev":"%s","seq":%s,"ts":"%s"}',
                                                   h_hash, h_seq + 1, h_ts), 'UTF8');
        digest := encode(sha256(body), 'hex');
        INSERT INTO {s}.events (seq, body, hash, db_user, ts, actor, case_id, action)
          SELECT h_seq + 1, body, digest, session_user, h_ts, d ->> 'actor', d ->> 'case',
                 d ->> 'action'
          FROM (SELECT {s}.json_text(body)::json AS d) AS parsed;
        seq := h_seq + 1; ts := h_ts; prev := h_hash; hash := digest;
        RETURN NEXT;
        h_seq := h_seq + 1;
        h_hash := digest;
      END LOOP;
    END $fn$""",
    "REVOKE ALL ON SCHEMA {s} FROM PUBLIC",
    "REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC",
    "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA {{s}} TO {INVESTIGATOR_ROLE}, {AUDITOR_ROLE}",
    f"GRANT SELECT ON {{s}}.events, {{s}}.meta TO {INVESTIGATOR_ROLE}, {AUDITOR_ROLE}",
    f"GRANT EXECUTE ON FUNCTION {{s}}.append_events(bigint, bytea[]) TO {INVESTIGATOR_ROLE}",
)
"""Create one store's schema at version 1 (inside one transaction, by its owner); `UPGRADES`
then bring it to `SCHEMA_VERSION`, as they do an existing store (`dorker store migrate`)."""

UPGRADES: dict[int, tuple[str, ...]] = {
    # 1 -> 2: team evidence. Blobs are content-addressed (SHA-256, lowercase hex) and added only
    # through add_blob, which hashes the bytes itself, so no one can file content under another
    # hash; nobody may change or remove one (privileges, then triggers); readers re-hash.
    1: (
        f"""CREATE TABLE {{s}}.blobs (
            sha256 text COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
            size bigint NOT NULL CHECK (size >= 0 AND size <= {MAX_BLOB}),
            content bytea NOT NULL,
            added_by text NOT NULL,
            added_at text COLLATE "C" NOT NULL
        )""",
        """CREATE TRIGGER blobs_append_only BEFORE UPDATE OR DELETE ON {s}.blobs
           FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()""",
        """CREATE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON {s}.blobs
           FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()""",
        """CREATE FUNCTION {s}.add_blob(p_sha256 text, p_content bytea) RETURNS boolean
           LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
           AS $fn$
        DECLARE
          digest text := encode(sha256(p_content), 'hex');
        BEGIN
          IF p_sha256 IS DISTINCT FROM digest THEN
            RAISE EXCEPTION 'dorker: the content does not have SHA-256 %', p_sha256
              USING ERRCODE = 'DKBLB';
          END IF;
          INSERT INTO {s}.blobs (sha256, size, content, added_by, added_at)
            VALUES (digest, length(p_content), p_content, session_user,
                    to_char(clock_timestamp() AT TIME ZONE 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            ON CONFLICT (sha256) DO NOTHING;
          RETURN FOUND;
        END $fn$""",
        "REVOKE ALL ON {s}.blobs FROM PUBLIC",
        "REVOKE ALL ON FUNCTION {s}.add_blob(text, bytea) FROM PUBLIC",
        f"GRANT SELECT ON {{s}}.blobs TO {INVESTIGATOR_ROLE}, {AUDITOR_ROLE}",
        f"GRANT EXECUTE ON FUNCTION {{s}}.add_blob(text, bytea) TO {INVESTIGATOR_ROLE}",
        "UPDATE {s}.meta SET value = '2' WHERE key = 'schema_version'",
    ),
}
"""Statements that take a store from version N to N+1 (one transaction each)."""
