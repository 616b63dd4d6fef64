CREATE TABLE "blueprint_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"blueprint" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "population_batches" (
	"population_id" uuid NOT NULL,
	"start_index" integer NOT NULL,
	"personas" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_batches_population_id_start_index_pk" PRIMARY KEY("population_id","start_index")
);
--> statement-breakpoint
ALTER TABLE "enhancements" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "enhancements" ADD COLUMN "model_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "enhancements" ADD COLUMN "prompt_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "enhancements" ADD COLUMN "completion_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "model_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "prompt_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "completion_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "model_calls" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "prompt_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "completion_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "blueprint" json;--> statement-breakpoint
ALTER TABLE "population_batches" ADD CONSTRAINT "population_batches_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blueprint_cache_created_idx" ON "blueprint_cache" USING btree ("created_at");