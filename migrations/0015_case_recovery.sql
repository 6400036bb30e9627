CREATE TABLE "case_compensations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"requested_by" jsonb NOT NULL,
	"decided_at" timestamp (3) with time zone,
	"decided_by" jsonb,
	"decision_note" text,
	CONSTRAINT "case_compensations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_slas" (
	"workspace_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"policy_id" text,
	"state" text,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_at" timestamp (3) with time zone,
	"check_at" timestamp (3) with time zone,
	"evaluated_at" timestamp (3) with time zone,
	CONSTRAINT "case_slas_workspace_id_case_id_pk" PRIMARY KEY("workspace_id","case_id")
);
--> statement-breakpoint
DROP INDEX "cases_opened_idx";--> statement-breakpoint
DROP INDEX "cases_updated_idx";--> statement-breakpoint
DROP INDEX "cases_customer_idx";--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assigned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "root_cause" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_requested_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_reminded_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_score" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_comment" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "csat_answered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_area" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_outcome_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_outcome_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "customer_told_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source_url" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "sentiment" text;--> statement-breakpoint
ALTER TABLE "case_compensations" ADD CONSTRAINT "case_compensations_workspace_id_case_id_cases_workspace_id_id_fk" FOREIGN KEY ("workspace_id","case_id") REFERENCES "public"."cases"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_slas" ADD CONSTRAINT "case_slas_workspace_id_case_id_cases_workspace_id_id_fk" FOREIGN KEY ("workspace_id","case_id") REFERENCES "public"."cases"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_compensations_case_idx" ON "case_compensations" USING btree ("workspace_id","case_id","requested_at");--> statement-breakpoint
CREATE INDEX "case_compensations_customer_idx" ON "case_compensations" USING btree ("workspace_id","customer_id","status");--> statement-breakpoint
CREATE INDEX "case_compensations_pending_idx" ON "case_compensations" USING btree ("workspace_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "case_slas_due_idx" ON "case_slas" USING btree ("workspace_id",coalesce("due_at", '9999-12-31T00:00:00Z'::timestamptz),"case_id");--> statement-breakpoint
CREATE INDEX "case_slas_check_idx" ON "case_slas" USING btree ("workspace_id","check_at") WHERE "case_slas"."check_at" is not null;--> statement-breakpoint
CREATE INDEX "case_slas_state_idx" ON "case_slas" USING btree ("workspace_id","state");--> statement-breakpoint
CREATE INDEX "cases_resolved_idx" ON "cases" USING btree ("workspace_id","resolved_at");--> statement-breakpoint
CREATE INDEX "cases_opened_idx" ON "cases" USING btree ("workspace_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_updated_idx" ON "cases" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "cases_customer_idx" ON "cases" USING btree ("workspace_id","customer_id","opened_at","id");--> statement-breakpoint
-- Every case has its stored SLA row; open ones are evaluated by the sweep's first pass.
INSERT INTO "case_slas" ("workspace_id", "case_id", "check_at")
SELECT "workspace_id", "id", CASE WHEN "status" NOT IN ('resolved', 'closed') AND "deleted_at" IS NULL THEN now() END
FROM "cases";
