-- A population's big values (each stored row's personas, ~3-4 MB of JSON per 1,000, their fields,
-- and each shard's structured fields) are compressed with lz4 rather than Postgres's default pglz:
-- measured on Debian's PostgreSQL 15 with a 1,000-persona row, the INSERT cost the server 55 ms of
-- CPU with pglz and 18 ms with lz4, for the same size on disk (0.46 vs 0.44 MB), and reading it back
-- 13 vs 10 ms. At 100,000 personas that is ~4 CPU-s the server no longer takes from the workers on
-- a machine whose cores they share. Rows already stored keep their compression (both are read).
-- The embedded database (PGlite) is built without lz4: there the columns keep pglz.
DO $$
BEGIN
  ALTER TABLE "population_batches" ALTER COLUMN "personas" SET COMPRESSION lz4, ALTER COLUMN "fields" SET COMPRESSION lz4;
  ALTER TABLE "population_shards" ALTER COLUMN "structured" SET COMPRESSION lz4;
  ALTER TABLE "populations" ALTER COLUMN "result" SET COMPRESSION lz4, ALTER COLUMN "blueprint" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available in this build: pglz kept';
END
$$;
