CREATE TABLE "population_shards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"phase" text,
	"produced" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"grounding" text DEFAULT 'off' NOT NULL,
	"seed" bigint NOT NULL,
	"cost" integer DEFAULT 0 NOT NULL,
	"error" text,
	"error_detail" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"model" text,
	"model_calls" integer DEFAULT 0 NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"population_id" uuid NOT NULL,
	"shard_index" integer NOT NULL,
	"start_index" integer NOT NULL,
	"structured" json NOT NULL
);
--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "shard_count" integer;--> statement-breakpoint
ALTER TABLE "population_shards" ADD CONSTRAINT "population_shards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_shards" ADD CONSTRAINT "population_shards_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "population_shards_population_shard_key" ON "population_shards" USING btree ("population_id","shard_index");--> statement-breakpoint
CREATE INDEX "population_shards_status_idx" ON "population_shards" USING btree ("status");