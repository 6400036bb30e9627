CREATE TABLE "customer_values" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"recency_days" integer NOT NULL,
	"orders" integer NOT NULL,
	"spend_minor" bigint NOT NULL,
	"rfm_r" smallint NOT NULL,
	"rfm_f" smallint NOT NULL,
	"rfm_m" smallint NOT NULL,
	"rfm_segment" text NOT NULL,
	"frequency" integer NOT NULL,
	"recency" double precision NOT NULL,
	"age" double precision NOT NULL,
	"p_alive" double precision NOT NULL,
	"expected_purchases_3m" double precision NOT NULL,
	"expected_purchases_12m" double precision NOT NULL,
	"expected_spend_minor" bigint NOT NULL,
	"clv_minor" bigint NOT NULL,
	"heuristic_clv_minor" bigint NOT NULL,
	"tier" text NOT NULL,
	CONSTRAINT "customer_values_workspace_id_run_id_customer_id_pk" PRIMARY KEY("workspace_id","run_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"dedupe_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "jobs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "value_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" jsonb NOT NULL,
	"requested_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"progress" jsonb,
	"as_of" date,
	"unit" text NOT NULL,
	"currency" text NOT NULL,
	"customers" integer,
	"orders" integer,
	"transaction_model" text NOT NULL,
	"settings" jsonb NOT NULL,
	"fits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"validation" jsonb,
	"error" text,
	CONSTRAINT "value_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "customer_values_customer_idx" ON "customer_values" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "customer_values_clv_idx" ON "customer_values" USING btree ("workspace_id","run_id","clv_minor" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_key" ON "jobs" USING btree ("workspace_id","kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "value_runs_requested_idx" ON "value_runs" USING btree ("workspace_id","requested_at" DESC NULLS LAST);