-- =============================================================================
-- 004-orleans-reminders.sql
--
-- Tempo.Orleans: PostgreSQL schema for the Orleans ADO.NET reminder table.
--
-- Implements: Microsoft.Orleans.Reminders.AdoNet 10.4.2 (Orleans 10.4.2
--             ADO.NET reminder service), invariant "Npgsql".
--
-- Written for the Tempo.Orleans project. Our own SQL, not a copy of the
-- upstream Orleans scripts: only the contract is shared (table/column names,
-- OrleansQuery keys, @Parameter names and result-column names).
--
-- Requires 001-orleans-main.sql. Idempotent: safe to run any number of times.
-- =============================================================================

-- ServiceId is ClusterOptions.ServiceId; GrainId is GrainId.ToString()
-- ("type/key"); GrainHash is the grain's uniform hash code stored as a signed
-- 32-bit integer (the provider casts the uint); Period is in milliseconds;
-- Version is the reminder ETag.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(512)   NOT NULL,
    ReminderName varchar(256)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Range reads (each silo loads the reminders of its hash range).
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    -- Insert or replace; Version starts at 0 and is bumped on every update.
    -- Result: one row, column Version (the new ETag).
    'UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId::text, @GrainId::text, @ReminderName::text, @StartTime::timestamptz,
     @Period::bigint, @GrainHash::integer, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = EXCLUDED.StartTime,
        Period    = EXCLUDED.Period,
        GrainHash = EXCLUDED.GrainHash,
        Version   = r.Version + 1
RETURNING r.Version AS "Version";
$q$
),
(
    -- All reminders of one grain.
    'ReadReminderRowsKey', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::text
  AND GrainId = @GrainId::text;
$q$
),
(
    -- One reminder (zero or one row).
    'ReadReminderRowKey', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::text
  AND GrainId = @GrainId::text
  AND ReminderName = @ReminderName::text;
$q$
),
(
    -- Hash range (BeginHash, EndHash] that does not wrap (signed order).
    'ReadRangeRows1Key', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::text
  AND GrainHash > @BeginHash::integer
  AND GrainHash <= @EndHash::integer;
$q$
),
(
    -- Hash range that wraps around: (BeginHash, max] plus [min, EndHash].
    'ReadRangeRows2Key', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::text
  AND (GrainHash > @BeginHash::integer OR GrainHash <= @EndHash::integer);
$q$
),
(
    -- Deletes one reminder if its ETag still matches.
    -- Result: one row, one column, 1 = deleted, 0 = not found / stale ETag.
    'DeleteReminderRowKey', $q$
WITH deleted AS
(
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId::text
      AND GrainId = @GrainId::text
      AND ReminderName = @ReminderName::text
      AND Version = @Version::integer
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM deleted;
$q$
),
(
    -- Deletes every reminder of the service.
    'DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId::text;
$q$
)
ON CONFLICT (QueryKey) DO UPDATE
    SET QueryText = EXCLUDED.QueryText;
