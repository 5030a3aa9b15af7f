-- =============================================================================
-- 003-orleans-persistence.sql
--
-- Tempo.Orleans: PostgreSQL schema for the Orleans ADO.NET grain-state
-- storage provider.
--
-- Implements: Microsoft.Orleans.Persistence.AdoNet 10.4.2 (Orleans 10.4.2
--             ADO.NET, AdoNetGrainStorage), invariant "Npgsql", including the
--             DeleteStorageKey operation used when DeleteStateOnClear = true.
--
-- Written for the Tempo.Orleans project. Our own SQL, not a copy of the
-- upstream Orleans scripts: only the contract is shared (OrleansQuery keys,
-- @Parameter names, result-column names and version semantics).
--
-- Requires 001-orleans-main.sql. Idempotent: safe to run any number of times.
-- =============================================================================

-- One row per (service, state name, grain id). The provider computes the two
-- 32-bit hashes in .NET (see README); they only narrow the index lookup, and
-- every query also compares the natural key columns, so hash collisions are
-- harmless. Layout of the grain id:
--   integer keys: GrainIdN0 = 0, GrainIdN1 = key, extension -> GrainIdExtensionString
--   Guid keys:    GrainIdN0/N1 = the two halves of the Guid bytes, extension -> GrainIdExtensionString
--   string keys:  GrainIdN0 = GrainIdN1 = 0, the whole key -> GrainIdExtensionString
-- GrainTypeString is the state name the runtime passes to the provider.
-- Version is the grain-state ETag; NULL never occurs for rows written here.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString text         NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NULL
);

CREATE INDEX IF NOT EXISTS IX_OrleansStorage_GrainIdHash_GrainTypeHash
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Write (insert or optimistic update). Returns the new version on success.
-- On a refused write it returns the caller's version unchanged (or NULL when
-- the caller had no version), which the provider turns into an
-- InconsistentStateException.
CREATE OR REPLACE FUNCTION tempo_orleans_storage_write(
    p_grain_id_hash             integer,
    p_grain_id_n0               bigint,
    p_grain_id_n1               bigint,
    p_grain_type_hash           integer,
    p_grain_type_string         text,
    p_grain_id_extension_string text,
    p_service_id                text,
    p_grain_state_version       integer,
    p_payload_binary            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_grain_state_version IS NOT NULL THEN
        -- The grain read (or wrote) the state before: update only if nobody
        -- else has written since.
        UPDATE OrleansStorage
           SET PayloadBinary = p_payload_binary,
               ModifiedOn    = now(),
               Version       = Version + 1
         WHERE GrainIdHash = p_grain_id_hash
           AND GrainTypeHash = p_grain_type_hash
           AND GrainIdN0 = p_grain_id_n0
           AND GrainIdN1 = p_grain_id_n1
           AND GrainTypeString = p_grain_type_string
           AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension_string
           AND ServiceId = p_service_id
           AND Version = p_grain_state_version
        RETURNING Version INTO v_new_version;

        IF FOUND THEN
            RETURN v_new_version;
        END IF;
        RETURN p_grain_state_version;
    END IF;

    -- First write of this state. Serialise concurrent first writers of the
    -- same (id hash, type hash) for the rest of this transaction so that at
    -- most one row is ever created.
    PERFORM pg_advisory_xact_lock(p_grain_id_hash, p_grain_type_hash);

    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT
         p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type_string,
         p_grain_id_extension_string, p_service_id, p_payload_binary, now(), 1
    WHERE NOT EXISTS
    (
        SELECT 1
        FROM OrleansStorage
        WHERE GrainIdHash = p_grain_id_hash
          AND GrainTypeHash = p_grain_type_hash
          AND GrainIdN0 = p_grain_id_n0
          AND GrainIdN1 = p_grain_id_n1
          AND GrainTypeString = p_grain_type_string
          AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension_string
          AND ServiceId = p_service_id
    );

    IF FOUND THEN
        RETURN 1;
    END IF;
    -- A row already exists although the caller believed there was none.
    RETURN NULL;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Result: one row, column NewGrainStateVersion (see function above).
    'WriteToStorageKey', $q$
SELECT tempo_orleans_storage_write(
    @GrainIdHash::integer,
    @GrainIdN0::bigint,
    @GrainIdN1::bigint,
    @GrainTypeHash::integer,
    @GrainTypeString::text,
    @GrainIdExtensionString::text,
    @ServiceId::text,
    @GrainStateVersion::integer,
    @PayloadBinary::bytea) AS "NewGrainStateVersion";
$q$
),
(
    -- Result: zero or one row with PayloadBinary (NULL after a clear) and
    -- Version (the ETag). No row means the state was never written.
    'ReadFromStorageKey', $q$
SELECT
    PayloadBinary AS "PayloadBinary",
    Version       AS "Version"
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash::integer
  AND GrainTypeHash = @GrainTypeHash::integer
  AND GrainIdN0 = @GrainIdN0::bigint
  AND GrainIdN1 = @GrainIdN1::bigint
  AND GrainTypeString = @GrainTypeString::text
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
  AND ServiceId = @ServiceId::text;
$q$
),
(
    -- Clear (DeleteStateOnClear = false): keeps the row, drops the payload and
    -- bumps the version. Result: one row, first column = new version, or the
    -- caller's @GrainStateVersion unchanged when the ETag did not match.
    'ClearStorageKey', $q$
WITH cleared AS
(
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn    = now(),
           Version       = Version + 1
     WHERE GrainIdHash = @GrainIdHash::integer
       AND GrainTypeHash = @GrainTypeHash::integer
       AND GrainIdN0 = @GrainIdN0::bigint
       AND GrainIdN1 = @GrainIdN1::bigint
       AND GrainTypeString = @GrainTypeString::text
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
       AND ServiceId = @ServiceId::text
       AND Version = @GrainStateVersion::integer
    RETURNING Version
)
SELECT Version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT @GrainStateVersion::integer WHERE NOT EXISTS (SELECT 1 FROM cleared);
$q$
),
(
    -- Clear (DeleteStateOnClear = true): deletes the row when the ETag
    -- matches. Result: one row, first column = deleted version + 1 (a value
    -- different from the ETag, meaning success), or the caller's
    -- @GrainStateVersion unchanged when the ETag did not match.
    'DeleteStorageKey', $q$
WITH deleted AS
(
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash::integer
       AND GrainTypeHash = @GrainTypeHash::integer
       AND GrainIdN0 = @GrainIdN0::bigint
       AND GrainIdN1 = @GrainIdN1::bigint
       AND GrainTypeString = @GrainTypeString::text
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::text
       AND ServiceId = @ServiceId::text
       AND Version = @GrainStateVersion::integer
    RETURNING Version
)
SELECT Version + 1 AS "NewGrainStateVersion" FROM deleted
UNION ALL
SELECT @GrainStateVersion::integer WHERE NOT EXISTS (SELECT 1 FROM deleted);
$q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText;
