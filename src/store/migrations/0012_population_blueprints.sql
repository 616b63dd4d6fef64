-- A population's blueprint is most of a small population's result (one persona: ~23 KB of its
-- ~28 KB, nearly all of it the fields' categories and sources), and a backlog of small generates
-- often repeats a design (one prompt with many seeds, or prompts that differ in a detail the
-- design leaves out). Each result used to carry its own copy, written, compressed and logged by the
-- embedded database once per job. Now the blueprint's model (fields, order, constraints, sources)
-- is stored once per distinct content, keyed by the SHA-256 of its JSON text, and a result finished
-- this way names it in `result_blueprint` and holds those keys as null, in place, so that a read
-- puts them back in the same order (src/store/population-blueprints.ts). Results stored before
-- (or finished another way) keep their blueprint whole and `result_blueprint` null. Rows are never
-- deleted: a blueprint is shared by every population of the same content.
CREATE TABLE "population_blueprints" (
	"hash" text PRIMARY KEY NOT NULL,
	"blueprint" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "result_blueprint" text REFERENCES "population_blueprints"("hash");
