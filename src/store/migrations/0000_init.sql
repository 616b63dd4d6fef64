CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"external_subject" text,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text DEFAULT 'default' NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credit_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"delta" bigint NOT NULL,
	"kind" text NOT NULL,
	"component" text,
	"job_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enhancements" (
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
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"persona" jsonb
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
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
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request" jsonb NOT NULL,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "npc_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"persona_id" uuid NOT NULL,
	"user_session_id" text NOT NULL,
	"session_id" uuid,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "npc_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"persona_id" uuid NOT NULL,
	"user_session_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"state_key_at_time" text,
	"score_at_time" integer,
	"decision" text,
	"follow_up_triggered" boolean DEFAULT false NOT NULL,
	"seq" bigserial NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "npc_personas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "npc_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"persona_id" uuid NOT NULL,
	"machine_key" text NOT NULL,
	"user_session_id" text NOT NULL,
	"player_name" text,
	"player_gender" text,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "populations" (
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
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prompt" text NOT NULL,
	"count" integer NOT NULL,
	"result" jsonb
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enhancements" ADD CONSTRAINT "enhancements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "npc_events" ADD CONSTRAINT "npc_events_persona_id_npc_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."npc_personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "npc_messages" ADD CONSTRAINT "npc_messages_session_id_npc_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."npc_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "npc_messages" ADD CONSTRAINT "npc_messages_persona_id_npc_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."npc_personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "npc_personas" ADD CONSTRAINT "npc_personas_user_id_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "npc_sessions" ADD CONSTRAINT "npc_sessions_persona_id_npc_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."npc_personas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "populations" ADD CONSTRAINT "populations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_external_subject_key" ON "accounts" USING btree ("external_subject");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "api_keys_account_idx" ON "api_keys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "credit_ledger_account_created_idx" ON "credit_ledger" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ledger_refund_once_key" ON "credit_ledger" USING btree ("job_id") WHERE kind = 'refund';--> statement-breakpoint
CREATE INDEX "enhancements_account_idx" ON "enhancements" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "enhancements_status_idx" ON "enhancements" USING btree ("status");--> statement-breakpoint
CREATE INDEX "evaluations_account_idx" ON "evaluations" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "evaluations_status_idx" ON "evaluations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "npc_events_player_idx" ON "npc_events" USING btree ("persona_id","user_session_id","id");--> statement-breakpoint
CREATE INDEX "npc_messages_session_idx" ON "npc_messages" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "npc_personas_user_idx" ON "npc_personas" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "npc_personas_public_created_idx" ON "npc_personas" USING btree ("is_public","created_at");--> statement-breakpoint
CREATE INDEX "npc_sessions_lookup_idx" ON "npc_sessions" USING btree ("persona_id","user_session_id","machine_key");--> statement-breakpoint
CREATE INDEX "populations_account_idx" ON "populations" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "populations_status_idx" ON "populations" USING btree ("status");