-- =============================================================================
-- 001-orleans-main.sql
--
-- Tempo.Orleans: shared catalogue for the Microsoft Orleans 10.4.2 ADO.NET
-- providers on PostgreSQL (invariant "Npgsql").
--
-- Implements: the OrleansQuery table that every Orleans ADO.NET provider
--             (Microsoft.Orleans.Clustering.AdoNet, .Persistence.AdoNet and
--             .Reminders.AdoNet, version 10.4.2) reads at start-up with
--             "SELECT QueryKey, QueryText FROM OrleansQuery".
--
-- Written for the Tempo.Orleans project. This is our own script, not a copy of
-- the upstream Orleans scripts; it only follows the provider contract (table,
-- column, parameter and result-column names).
--
-- Apply order: 001 -> 002 -> 003 -> 004. Safe to run any number of times.
-- Requires PostgreSQL 12 or later (tested on 15).
-- =============================================================================

-- The providers never issue SQL of their own besides the catalogue read above:
-- every operation is looked up here by QueryKey and executed with named
-- parameters (@DeploymentId, @GrainId, ...). The later scripts fill this table.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Tempo.Orleans: operation catalogue read by the Orleans 10.4.2 ADO.NET providers (QueryKey -> SQL text with @Named parameters).';
