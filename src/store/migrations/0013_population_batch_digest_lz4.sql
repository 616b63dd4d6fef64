-- A stored row's digest for the reports (report-digest.ts) is compressed with lz4 rather than pglz,
-- as the rows' personas and fields are (0010). Since digest version 2 it also holds the shard's
-- sentence counts and the marginals' and fidelity's counts: ~170 KB of JSON per 1,000 League
-- personas, ~195 KB for prose (72 and 50 before), much of it base64 keys that do not compress. pglz
-- cost Postgres ~6-7 of its ~25-35 CPU-ms a shard for the smaller digest (bench/shard-task.ts
-- --store, loaded), lz4 a fraction of that for ~10 KB more a shard on disk. Rows already stored keep
-- their compression (both are read). The embedded database (PGlite) is built without lz4: pglz kept.
DO $$
BEGIN
  ALTER TABLE "population_batches" ALTER COLUMN "digest" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available in this build: pglz kept';
END
$$;
