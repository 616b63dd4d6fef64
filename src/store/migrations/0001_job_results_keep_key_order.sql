ALTER TABLE "enhancements" ALTER COLUMN "persona" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "request" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "result" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "populations" ALTER COLUMN "result" SET DATA TYPE json;