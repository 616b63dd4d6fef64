CREATE TABLE "panel_surveys" (
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
	"question" text NOT NULL,
	"choices" json,
	"persona_ids" json,
	"result" json
);
--> statement-breakpoint
ALTER TABLE "populations" ADD COLUMN "given_blueprint" json;--> statement-breakpoint
ALTER TABLE "panel_surveys" ADD CONSTRAINT "panel_surveys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_surveys" ADD CONSTRAINT "panel_surveys_population_id_populations_id_fk" FOREIGN KEY ("population_id") REFERENCES "public"."populations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "panel_surveys_account_idx" ON "panel_surveys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "panel_surveys_status_idx" ON "panel_surveys" USING btree ("status");--> statement-breakpoint
CREATE INDEX "populations_account_created_idx" ON "populations" USING btree ("account_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);