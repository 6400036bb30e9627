CREATE TABLE "let_go_decisions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"decided_by" jsonb NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "let_go_decisions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "policy_decisions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"action" jsonb NOT NULL,
	"verdict" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"reason_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"relationship_type" text,
	"contact" boolean DEFAULT false NOT NULL,
	"decided_by" jsonb NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "policy_decisions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "relationship_classifier_configs" (
	"workspace_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "relationship_classifier_configs_workspace_id_version_pk" PRIMARY KEY("workspace_id","version")
);
--> statement-breakpoint
CREATE TABLE "relationship_overrides" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"set_by" jsonb NOT NULL,
	"set_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "relationship_overrides_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "relationship_profiles" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"type" text NOT NULL,
	"runner_up" text NOT NULL,
	"confidence" double precision NOT NULL,
	"orientation_score" double precision NOT NULL,
	"strength" double precision NOT NULL,
	"signals" jsonb NOT NULL,
	"features" jsonb NOT NULL,
	"from_survey" smallint DEFAULT 0 NOT NULL,
	"config_version" integer NOT NULL,
	"stage" text NOT NULL,
	"stage_since" date NOT NULL,
	"p_alive" double precision,
	"clv_minor" double precision,
	"value_tier" text,
	"computed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "relationship_profiles_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "relationship_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"requested_by" jsonb NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"progress" jsonb,
	"config_version" integer,
	"customers" integer,
	"error" text,
	CONSTRAINT "relationship_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "relationship_stage_episodes" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"stage" text NOT NULL,
	"ended_on" date,
	CONSTRAINT "relationship_stage_episodes_workspace_id_customer_id_started_on_pk" PRIMARY KEY("workspace_id","customer_id","started_on")
);
--> statement-breakpoint
CREATE TABLE "relationship_survey_responses" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sentence" text NOT NULL,
	"brq" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"anxiety" smallint,
	"avoidance" smallint,
	"source" text NOT NULL,
	"answered_at" timestamp (3) with time zone NOT NULL,
	"recorded_by" jsonb NOT NULL,
	CONSTRAINT "relationship_survey_responses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "let_go_decisions_customer_idx" ON "let_go_decisions" USING btree ("workspace_id","customer_id","decided_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "policy_decisions_day_idx" ON "policy_decisions" USING btree ("workspace_id","decided_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "policy_decisions_customer_idx" ON "policy_decisions" USING btree ("workspace_id","customer_id","decided_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "relationship_profiles_type_idx" ON "relationship_profiles" USING btree ("workspace_id","type");--> statement-breakpoint
CREATE INDEX "relationship_runs_requested_idx" ON "relationship_runs" USING btree ("workspace_id","requested_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "relationship_stage_episodes_day_idx" ON "relationship_stage_episodes" USING btree ("workspace_id","started_on");--> statement-breakpoint
CREATE UNIQUE INDEX "relationship_survey_version_key" ON "relationship_survey_responses" USING btree ("workspace_id","customer_id","version");