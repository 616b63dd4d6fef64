-- The ids and fields of a stored row's personas, as JSON text (without the rendered system prompts
-- and markdown, most of a row's bytes): what the population's reports read, a row at a time and
-- several times over. `text`, not `json`: it is written and read whole, never queried inside, and
-- text costs the database no parsing. NULL until the report step (or the shard) first extracts it.
ALTER TABLE "population_batches" ADD COLUMN "fields" text;
