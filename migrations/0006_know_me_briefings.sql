CREATE TABLE "briefing_feedback" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"useful" boolean NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "briefing_feedback_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone,
	"location" text NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"external_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_by" jsonb NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"deleted_by" jsonb,
	CONSTRAINT "visits_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "front_line" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "briefing_feedback" ADD CONSTRAINT "briefing_feedback_workspace_id_visit_id_visits_workspace_id_id_fk" FOREIGN KEY ("workspace_id","visit_id") REFERENCES "public"."visits"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_feedback" ADD CONSTRAINT "briefing_feedback_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_feedback" ADD CONSTRAINT "briefing_feedback_workspace_id_user_id_users_workspace_id_id_fk" FOREIGN KEY ("workspace_id","user_id") REFERENCES "public"."users"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "briefing_feedback_answer_key" ON "briefing_feedback" USING btree ("workspace_id","visit_id","user_id","kind");--> statement-breakpoint
CREATE INDEX "briefing_feedback_customer_idx" ON "briefing_feedback" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "briefing_feedback_updated_idx" ON "briefing_feedback" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_external_id_key" ON "visits" USING btree ("workspace_id","source","external_id");--> statement-breakpoint
CREATE INDEX "visits_customer_idx" ON "visits" USING btree ("workspace_id","customer_id","starts_at");--> statement-breakpoint
CREATE INDEX "visits_location_day_idx" ON "visits" USING btree ("workspace_id","location","starts_at");--> statement-breakpoint
CREATE INDEX "visits_starts_idx" ON "visits" USING btree ("workspace_id","starts_at","id");