-- A stored row's digest for the reports (src/engine/quality/report-digest.ts): its personas' field
-- survey and the document frequencies of their text's hashed terms, as JSON text, made by the shard
-- while its personas were in memory. The report step merges the rows' digests instead of reading
-- every row to survey it. `text`: written and read whole. NULL for rows stored before this column
-- (the report step reads such a row and makes its digest itself).
ALTER TABLE "population_batches" ADD COLUMN "digest" text;
