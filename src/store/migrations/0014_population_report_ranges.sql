-- The report of a large population computed by persona ranges across workers (decision 0008,
-- "Session 13"; src/workers/report-ranges.ts): the survey (range -1: the document frequencies and the
-- reports' rest) and each range's output (its summary and its packed terms), stored by the job that
-- made it and read by the merge, which the job storing the last range runs. The ranges' jobs are
-- population_shards rows with a negative shard_index (-1 - range), so the queue, the reconciler and
-- a failed shard's fail-and-refund-once apply to them unchanged. Removed once the population ends.
-- STORAGE EXTERNAL: packed integers and floats that pglz would spend CPU on for little (megabytes a
-- range at 100,000 personas), written and read whole.
CREATE TABLE "population_report_ranges" (
	"population_id" uuid NOT NULL,
	"range" integer NOT NULL,
	"summary" bytea NOT NULL,
	"terms" bytea,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_report_ranges_population_id_range_pk" PRIMARY KEY("population_id","range")
);
--> statement-breakpoint
ALTER TABLE "population_report_ranges" ADD CONSTRAINT "population_report_ranges_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_report_ranges" ALTER COLUMN "summary" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "population_report_ranges" ALTER COLUMN "terms" SET STORAGE EXTERNAL;
