-- =============================================================================
-- 002-orleans-clustering.sql
--
-- Tempo.Orleans: PostgreSQL schema for the Orleans ADO.NET clustering
-- (membership) provider.
--
-- Implements: Microsoft.Orleans.Clustering.AdoNet 10.4.2 (Orleans 10.4.2
--             ADO.NET), invariant "Npgsql". Silos use it for the membership
--             table; clients use GatewaysQueryKey for gateway discovery.
--
-- Written for the Tempo.Orleans project. Our own SQL, not a copy of the
-- upstream Orleans scripts: only the contract is shared (table and column
-- names, OrleansQuery keys, @Parameter names and the result-column names
-- the provider reads).
--
-- Requires 001-orleans-main.sql. Idempotent: safe to run any number of times.
-- All timestamps are timestamptz and are written/read as UTC by the provider.
-- =============================================================================

-- One row per cluster (the provider's "DeploymentId" is ClusterOptions.ClusterId).
-- Version is the table-wide optimistic-concurrency token (the membership
-- "table version" / ETag): every successful insert or update of a member row
-- increments it, and such writes only succeed when the caller presents the
-- version it last read.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address + port + generation).
-- Status holds Orleans.Runtime.SiloStatus as an integer
-- (0 None, 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead).
-- SuspectTimes is the provider's own text encoding
-- ("<silo address>,<date>|<silo address>,<date>..."), stored verbatim.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NOT NULL DEFAULT 0,
    SuspectTimes text           NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
        ON DELETE CASCADE
);

-- -----------------------------------------------------------------------------
-- Write routines. Each runs in the caller's (auto-commit) transaction; the
-- BEGIN ... EXCEPTION block makes the version bump and the row change succeed
-- or fail together (a caught exception rolls back everything done inside the
-- block). Both return 1 on success and 0 when the write was refused (stale
-- table version, duplicate row, missing row); the provider only reads that one
-- value.
-- -----------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION tempo_orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Claim the expected table version first. This also row-locks the version
    -- row, which serialises every membership writer of the cluster.
    UPDATE OrleansMembershipVersionTable
       SET Version   = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = p_deployment_id
       AND Version = p_version;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, COALESCE(p_proxy_port, 0), NULL, p_start_time, p_i_am_alive_time);

    RETURN 1;
EXCEPTION
    WHEN unique_violation THEN
        -- The silo row already exists: undo the version bump, report failure.
        RETURN 0;
END
$fn$;

CREATE OR REPLACE FUNCTION tempo_orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE OrleansMembershipVersionTable
       SET Version   = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = p_deployment_id
       AND Version = p_version;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
       SET Status       = p_status,
           SuspectTimes = p_suspect_times,
           IAmAliveTime = p_i_am_alive_time
     WHERE DeploymentId = p_deployment_id
       AND Address = p_address
       AND Port = p_port
       AND Generation = p_generation;

    IF NOT FOUND THEN
        -- No such silo row: abandon the version bump as well.
        RAISE EXCEPTION USING ERRCODE = 'TO404', MESSAGE = 'membership row not found';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'TO404' THEN
        RETURN 0;
END
$fn$;

-- -----------------------------------------------------------------------------
-- Operation catalogue. Parameter names (@Xxx) and result-column names are the
-- provider contract; result columns are aliased with their exact casing.
-- -----------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Ensures the cluster's version row exists. Result: one row, one column,
    -- 1 when the row was created now, 0 when it already existed.
    'InsertMembershipVersionKey', $q$
WITH inserted AS
(
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId::text)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM inserted;
$q$
),
(
    -- Adds a silo row if @Version is still the current table version.
    -- Result: one row, one column, 1 = inserted, 0 = refused.
    'InsertMembershipKey', $q$
SELECT tempo_orleans_membership_insert(
    @DeploymentId::text,
    @Address::text,
    @Port::integer,
    @Generation::integer,
    @SiloName::text,
    @HostName::text,
    @Status::integer,
    @ProxyPort::integer,
    @StartTime::timestamptz,
    @IAmAliveTime::timestamptz,
    @Version::integer) AS "RowCount";
$q$
),
(
    -- Updates status / suspicions / heartbeat of a silo row if @Version is
    -- still the current table version. Result: one row, one column, 1 or 0.
    'UpdateMembershipKey', $q$
SELECT tempo_orleans_membership_update(
    @DeploymentId::text,
    @Address::text,
    @Port::integer,
    @Generation::integer,
    @Status::integer,
    @SuspectTimes::text,
    @IAmAliveTime::timestamptz,
    @Version::integer) AS "RowCount";
$q$
),
(
    -- Heartbeat: a blind single-column write; does not touch the table version.
    -- Note the key's spelling ("Alivetime"), fixed by the provider.
    'UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
   SET IAmAliveTime = @IAmAliveTime::timestamptz
 WHERE DeploymentId = @DeploymentId::text
   AND Address = @Address::text
   AND Port = @Port::integer
   AND Generation = @Generation::integer;
$q$
),
(
    -- One silo row plus the table version. Always returns the version row
    -- (member columns NULL when the silo is unknown, which the provider
    -- detects through StartTime being NULL).
    'MembershipReadRowKey', $q$
SELECT
    v.DeploymentId AS "DeploymentId",
    m.Address      AS "Address",
    m.Port         AS "Port",
    m.Generation   AS "Generation",
    m.SiloName     AS "SiloName",
    m.HostName     AS "HostName",
    m.Status       AS "Status",
    m.ProxyPort    AS "ProxyPort",
    m.SuspectTimes AS "SuspectTimes",
    m.StartTime    AS "StartTime",
    m.IAmAliveTime AS "IAmAliveTime",
    v.Version      AS "Version"
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address::text
      AND m.Port = @Port::integer
      AND m.Generation = @Generation::integer
WHERE v.DeploymentId = @DeploymentId::text;
$q$
),
(
    -- All silo rows of the cluster plus the table version (one row with NULL
    -- member columns when the cluster has no silos yet).
    'MembershipReadAllKey', $q$
SELECT
    v.DeploymentId AS "DeploymentId",
    m.Address      AS "Address",
    m.Port         AS "Port",
    m.Generation   AS "Generation",
    m.SiloName     AS "SiloName",
    m.HostName     AS "HostName",
    m.Status       AS "Status",
    m.ProxyPort    AS "ProxyPort",
    m.SuspectTimes AS "SuspectTimes",
    m.StartTime    AS "StartTime",
    m.IAmAliveTime AS "IAmAliveTime",
    v.Version      AS "Version"
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId::text;
$q$
),
(
    -- Gateway discovery (clients): silos in @Status (Active) with a gateway port.
    'GatewaysQueryKey', $q$
SELECT
    Address    AS "Address",
    ProxyPort  AS "ProxyPort",
    Generation AS "Generation"
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::text
  AND Status = @Status::integer
  AND ProxyPort > 0;
$q$
),
(
    -- Removes the whole cluster (member rows and version row) in one statement.
    'DeleteMembershipTableEntriesKey', $q$
WITH removed_members AS
(
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId::text
)
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId::text;
$q$
),
(
    -- Defunct-silo cleanup: deletes Dead (6) rows that neither started nor
    -- heartbeated since the cut-off passed in @IAmAliveTime.
    'CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::text
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime::timestamptz
  AND StartTime < @IAmAliveTime::timestamptz;
$q$
),
(
    -- Per-row variant used by newer provider builds: deletes one Dead row only
    -- if it still holds exactly the values the caller read (captured row).
    -- Installed for forward compatibility; harmless if unused.
    'CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId::text
  AND Address = @Address::text
  AND Port = @Port::integer
  AND Generation = @Generation::integer
  AND Status = 6
  AND StartTime = @StartTime::timestamptz
  AND IAmAliveTime = @IAmAliveTime::timestamptz
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes::text, '');
$q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText;
